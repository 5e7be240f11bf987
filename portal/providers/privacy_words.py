"""Words the privacy check (R-AXA-5) needs, declared as data.

``COMMON_CAPITALISED``: capitalised words professionals write that are not people's names
(organisations, services, roles, places that are parts of local authorities' names), so that
"Leeds Youth Offending Team" or "the Local Authority" is not mistaken for a name.
``GIVEN_NAMES``: common given names in England, without those that are also ordinary words
("May", "Will", "Grace", "Hope", "Mark"), so "Jamie attends" is refused and "staff may" is not.
``ACRONYMS``: capital-letter abbreviations that are not initials (for STCs and RFCs, which may
store no initials).
"""

COMMON_CAPITALISED = frozenset(
    """
a about above academy across action activity activities additional adolescent adult adults advocacy advocate after
afternoon agency agencies alcohol all also although always an and annex any apprenticeship approved april area areas
as assessment assessments assistant at attendance august authorities authority award awards because before being
board borough britain british but by camhs care careers carer carers case caseworker central centre centres certificate
channel chief child children childrens children's city clinic clinical college commissioner community conference
connexions constabulary council councils county court courts criminal crown custody daily dagenham day deputy department
designated diploma director directors discussion district doctor during each early east edinburgh education educational
eight eighteen eleven england english estate evening every evidence exploitation executive family families february
fifteen five for forest four fourteen foundation friday from functional further general good government greater group
guide hamlets he head health healthcare her here high his home homes hospital house hove however hub if improvement in
independent individual information inspection inspector inspectors interview interviews into is it its january july
june justice key keyworker keynes kingdom language last lead learning level local lower magistrates manager managers
march mash maths medical meeting meetings mental metropolitan milton ministry minimum missing monday monthly months
most multi national new nhs nine nineteen no none north not november nurse occupational october of officer officers
offending ofsted old on one open or our outstanding panel parent parents partnership partnerships pathway people person
personal placement placements plan plans police practice practitioner prevent primary prison probation programme
provider psychiatric psychiatrist psychologist psychology referral registered regulation regulations residential
responsible return review reviewing reviews risk royal safeguarding saint saturday school schools science secondary
secure september service services seven seventeen sexual she since six sixteen skills social some south speech staff
stage standards strategy substance sunday surgery team teams ten that the their then there these they thirteen this
those three thursday to tower training trust tuesday twelve two uk under unit units university upper virtual voice
waltham we wednesday weekly west when where which while who with worker workers year years young youth
park hill green view st catholic church grammar infant junior nursery special pupil majesty majesty's inspectorate
prisons quality commission christmas easter eid ramadan diwali duke agency-wide multi-agency coordinator
independent-living leaving semi semi-independent step-down therapeutic therapist therapy speech dental dentist
optician sixth form positive behaviour behavioural support trauma informed safer handling life story restorative
attachment aware approach model dyadic developmental psychotherapy emotional wellbeing well-being mindfulness solution
focused motivational interviewing cognitive dialectical art music drama play sport sports football boxing gym swimming
club clubs scouts cadets bronze silver gold summer winter spring autumn holiday holidays keep safe safety crisis
intervention de-escalation physical restraint restrictive reducing managing challenging harmful behaviours online
e-safety internet media teach theraplay framework stairs
""".split()
)

GIVEN_NAMES = frozenset(
    """
aaliyah aaron abdul abdullah abigail adam adrian agnieszka ahmed aidan aisha alex alexander alexandra alfie ali alice
alicia alisha amara amelia amir amira amy ana andrea andrew aneesa angela anna annie anthony archie arjun arthur
ashley ava ayesha bailey bella ben benjamin bethany billy bradley brandon caitlin callum cameron carlos
charlie charlotte chloe chris christopher ciara ciaran connor courtney daisy daniel daniela danny darius david declan
demi dylan elijah eliza elizabeth ella ellie emily emma erin ethan eva evie ewan fatima finlay finley florence
freddie freya gabriel george georgia hannah harley harriet harrison harry harvey hassan hayden henry holly
hussain ibrahim imran isaac isabel isabella isabelle isla ismail jack jacob jake james jamie jasmine jason
jayden jessica jodie joe joel john jonathan jordan joseph joshua jude kacper kai karim katie kayden kayla keira kieran
kyle laila lauren layla leah leo leon lewis liam lily lola louie louis lucas lucy luke maddison maisie malik maria
mariam marley mason matthew maya megan mia michael mohammed mohammad muhammad mollie molly nathan niamh noah
nathaniel olivia oliver omar oscar owen paige patrick poppy priya rachel rebecca reece rhys riley robert ronnie
rosie ryan sam samantha samuel sara sarah scarlett sean sebastian shannon sienna sofia sophia sophie stanley
stephen tariq taylor theo thomas tia toby tom tommy tyler usman william yasmin yusuf zac zach zack zain zara
zoe
""".split()
)

ACRONYMS = frozenset(
    """
ADHD AM ASD ASYE BTEC CAMHS CCE CEO CH CIN CLA CP CPD CQC CSE CSC DBS DCS DFE DOLS DSL EHC EHCP ESOL FE FES GCSE GP GPS
HMI HMIP ICO ICT IRO IROS IT KPI LA LAC LADO LAS MASH MFH MOJ NEET NHS NMS NVQ OT PACE PE PEP PEPS PM PT PTSD QCF RFC
RHI RHIS RI RM RQF SALT SCH SEN SEND SGO SMART STC SW TV UK YCS YJB YOS YOT
""".split()
)
