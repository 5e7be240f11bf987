"""How much people may type, the same wherever the same kind of answer is asked for.

Each limit is checked twice, by the form (so the page says what is wrong) and by the use case (so
no caller stores more), and both read it from here, so a page and its rule never disagree. A
capability that names its own limit (``NOTE_MAX``, ``ITEM_MAX`` …) says which of these it is.
"""

NAME_MAX = 200  # one line: a person's name (the users' and invitations' name columns), a title, a description
REASON_MAX = 2000  # a few paragraphs: a reason, a note, a request, a requirement's text
TEXT_MAX = 5000  # a longer piece of writing: a comment on a draft, a complaint's point, a response
