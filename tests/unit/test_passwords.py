"""Password rules (OWASP ASVS 2.1) and hashing."""
from portal.core.passwords import hash_password, is_common, password_problems, verify_password


def test_a_long_passphrase_is_accepted():
    assert password_problems("tulip lantern orbit 42") == []


def test_eleven_characters_are_too_short_and_twelve_are_enough():
    assert "at least 12 characters" in password_problems("a9f!k2m4q7z")[0]
    assert password_problems("a9f!k2m4q7zx") == []


def test_long_passwords_are_allowed_up_to_128_characters():
    assert password_problems("x1y2" * 32) == []
    assert "at most 128" in password_problems("x1y2" * 33)[0]


def test_no_composition_rules_all_lowercase_words_pass():
    assert password_problems("purple elephants dance quietly") == []


def test_common_passwords_are_refused_as_typed_and_with_a_suffix():
    assert is_common("1q2w3e4r5t6y")
    assert is_common("Sunshine2024!!")
    assert "most common passwords" in password_problems("password123456")[0]


def test_the_email_name_inside_the_password_is_refused():
    problems = password_problems("maria.lopez-rocks", "maria.lopez@example.com")
    assert problems == ["Do not use your e-mail address in your password."]


def test_hash_verifies_only_the_same_password(app):
    with app.app_context():
        stored = hash_password("tulip lantern orbit 42")
    assert stored != "tulip lantern orbit 42"
    assert verify_password(stored, "tulip lantern orbit 42")
    assert not verify_password(stored, "tulip lantern orbit 43")
    assert not verify_password(None, "anything at all")
