import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_indonesian_until_the_user_chooses(users, client_for):
    client = client_for(users["operator"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
