"""The portal hashes passwords with argon2id at argon2-cffi's recommended cost (DESIGN: Sign-in).

The rest of the suite hashes at argon2's cheapest cost (tests/setup_costs.py); these tests put
the production hasher back, so what the portal ships stays tested."""

from argon2 import Type, extract_parameters, profiles

from portal.accounts import passwords
from portal.accounts.passwords import hash_password, verify_password


def test_passwords_are_hashed_with_argon2id_at_the_recommended_cost(real_password_hashing):
    stored = hash_password("correct horse battery staple")
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (
        profiles.RFC_9106_LOW_MEMORY.time_cost,
        profiles.RFC_9106_LOW_MEMORY.memory_cost,
        profiles.RFC_9106_LOW_MEMORY.parallelism,
    )
    assert stored != hash_password("correct horse battery staple")  # salted
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stable")


def test_an_unknown_account_is_checked_against_a_hash_of_the_same_cost(real_password_hashing):
    assert extract_parameters(passwords._DUMMY_HASH) == extract_parameters(hash_password("anything at all"))
    assert not verify_password(None, "not a real password: equalises timing")
    assert not verify_password("not a hash", "anything")
