"""Which pasted addresses become embeds, what a reader's browser is given for each, and what is refused."""

import pytest
from django.utils import translation

from newsroom import embeds
from newsroom.embeds import PROVIDERS, frame_origins, match, stored

YOUTUBE = "dQw4w9WgXcQ"
STATUS = "1790012345678901234"
FACEBOOK = "https://www.facebook.com/PresidenceDZ"

# (address as pasted, provider, stored id)
ADDRESSES = [
    (f"https://www.youtube.com/watch?v={YOUTUBE}", "youtube", YOUTUBE),
    (f"https://www.youtube.com/watch?v={YOUTUBE}&t=42s&list=PL123", "youtube", YOUTUBE),
    (f"https://youtube.com/watch?feature=share&v={YOUTUBE}", "youtube", YOUTUBE),
    (f"https://m.youtube.com/watch?v={YOUTUBE}", "youtube", YOUTUBE),
    (f"https://music.youtube.com/watch?v={YOUTUBE}", "youtube", YOUTUBE),
    (f"https://youtu.be/{YOUTUBE}", "youtube", YOUTUBE),
    (f"https://youtu.be/{YOUTUBE}?si=Abc123&t=10", "youtube", YOUTUBE),
    (f"https://www.youtube.com/shorts/{YOUTUBE}", "youtube", YOUTUBE),
    (f"https://www.youtube.com/embed/{YOUTUBE}?rel=0", "youtube", YOUTUBE),
    (f"https://www.youtube.com/live/{YOUTUBE}?feature=share", "youtube", YOUTUBE),
    (f"https://www.youtube.com/v/{YOUTUBE}", "youtube", YOUTUBE),
    (f"https://www.youtube-nocookie.com/embed/{YOUTUBE}", "youtube", YOUTUBE),
    (f"http://www.youtube.com/watch?v={YOUTUBE}", "youtube", YOUTUBE),
    (f"//www.youtube.com/watch?v={YOUTUBE}", "youtube", YOUTUBE),
    (f"  HTTPS://WWW.YOUTUBE.COM/watch?v={YOUTUBE}  ", "youtube", YOUTUBE),
    (f"https://www.youtube.com./watch?v={YOUTUBE}", "youtube", YOUTUBE),
    (f"https://www.youtube.com:443/watch?v={YOUTUBE}", "youtube", YOUTUBE),
    ("https://vimeo.com/76979871", "vimeo", "76979871"),
    ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871"),
    ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871"),
    ("https://www.dailymotion.com/video/x8abcd1", "dailymotion", "x8abcd1"),
    ("https://www.dailymotion.com/video/x8abcd1_ceremonie-d-ouverture", "dailymotion", "x8abcd1"),
    ("https://dai.ly/x8abcd1", "dailymotion", "x8abcd1"),
    ("https://www.dailymotion.com/embed/video/x8abcd1", "dailymotion", "x8abcd1"),
    ("https://geo.dailymotion.com/player.html?video=x8abcd1", "dailymotion", "x8abcd1"),
    (f"https://x.com/APS_Algerie/status/{STATUS}", "x", f"APS_Algerie/{STATUS}"),
    (f"https://x.com/APS_Algerie/status/{STATUS}/photo/1", "x", f"APS_Algerie/{STATUS}"),
    (f"https://twitter.com/APS_Algerie/status/{STATUS}?s=20&t=abc", "x", f"APS_Algerie/{STATUS}"),
    (f"https://mobile.twitter.com/APS_Algerie/status/{STATUS}", "x", f"APS_Algerie/{STATUS}"),
    (f"https://x.com/i/web/status/{STATUS}", "x", f"i/{STATUS}"),
    (f"{FACEBOOK}/posts/pfbid02AbcDEF123", "facebook", "PresidenceDZ/posts/pfbid02AbcDEF123"),
    (f"{FACEBOOK}/posts/123456789012345", "facebook", "PresidenceDZ/posts/123456789012345"),
    (f"{FACEBOOK}/videos/123456789012345/", "facebook", "PresidenceDZ/videos/123456789012345"),
    ("https://web.facebook.com/watch/?v=123456789012345", "facebook", "watch/123456789012345"),
    ("https://www.facebook.com/watch?v=123456789012345", "facebook", "watch/123456789012345"),
    ("https://www.facebook.com/reel/123456789012345", "facebook", "reel/123456789012345"),
    ("https://www.facebook.com/permalink.php?story_fbid=111222&id=333444", "facebook", "permalink/333444/111222"),
    ("https://m.facebook.com/story.php?story_fbid=111222&id=333444", "facebook", "permalink/333444/111222"),
    (
        "https://www.facebook.com/plugins/video.php?height=314&href=https%3A%2F%2Fwww.facebook.com%2FPresidenceDZ"
        "%2Fvideos%2F123456789012345%2F&show_text=false&width=560",
        "facebook",
        "PresidenceDZ/videos/123456789012345",
    ),
    ("https://www.instagram.com/p/C8abcDEF123/", "instagram", "p/C8abcDEF123"),
    ("https://www.instagram.com/reel/C8abcDEF123/?igsh=MWQ1", "instagram", "reel/C8abcDEF123"),
    ("https://www.tiktok.com/@aps.dz/video/7301234567890123456", "tiktok", "@aps.dz/7301234567890123456"),
    ("https://www.tiktok.com/@aps.dz/video/7301234567890123456?lang=ar", "tiktok", "@aps.dz/7301234567890123456"),
    ("https://soundcloud.com/radio-algerie/interview-2024", "soundcloud", "radio-algerie/interview-2024"),
    ("https://soundcloud.com/Radio-Algerie/Interview-2024", "soundcloud", "radio-algerie/interview-2024"),
    ("https://soundcloud.com/radio-algerie/sets/emissions", "soundcloud", "radio-algerie/sets/emissions"),
    ("https://www.google.com/maps/place/Maqam+Echahid,+Algiers/@36.7,3.0,17z", "googlemaps", "Maqam Echahid, Algiers"),
    ("https://www.google.com/maps/search/ساحة+البريد+المركزي", "googlemaps", "ساحة البريد المركزي"),
    ("https://www.google.com/maps/@36.7538,3.0588,15z", "googlemaps", "36.7538,3.0588"),
    ("https://www.google.com/maps?q=36.7538,3.0588", "googlemaps", "36.7538,3.0588"),
    ("https://maps.google.com/?q=Oran", "googlemaps", "Oran"),
    ("https://www.google.dz/maps/place/Oran", "googlemaps", "Oran"),
]

# What a reader's browser is given for one stored embed of each provider: the address to open
# (the link in feeds, the API and pages without JavaScript) and the frame's.
CANONICAL_AND_FRAME = {
    ("youtube", YOUTUBE): (
        f"https://www.youtube.com/watch?v={YOUTUBE}",
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE}?autoplay=1",
    ),
    ("vimeo", "76979871"): ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("dailymotion", "x8abcd1"): (
        "https://www.dailymotion.com/video/x8abcd1",
        "https://geo.dailymotion.com/player.html?video=x8abcd1",
    ),
    ("x", f"APS_Algerie/{STATUS}"): (
        f"https://x.com/APS_Algerie/status/{STATUS}",
        f"https://platform.twitter.com/embed/Tweet.html?id={STATUS}&dnt=true",
    ),
    ("facebook", "PresidenceDZ/posts/123"): (
        "https://www.facebook.com/PresidenceDZ/posts/123",
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FPresidenceDZ%2Fposts%2F123",
    ),
    ("facebook", "watch/123"): (
        "https://www.facebook.com/watch/?v=123",
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D123",
    ),
    ("facebook", "permalink/333/111"): (
        "https://www.facebook.com/permalink.php?story_fbid=111&id=333",
        (
            "https://www.facebook.com/plugins/post.php?href="
            "https%3A%2F%2Fwww.facebook.com%2Fpermalink.php%3Fstory_fbid%3D111%26id%3D333"
        ),
    ),
    ("instagram", "p/C8abcDEF123"): (
        "https://www.instagram.com/p/C8abcDEF123/",
        "https://www.instagram.com/p/C8abcDEF123/embed/",
    ),
    ("tiktok", "@aps.dz/7301234567890123456"): (
        "https://www.tiktok.com/@aps.dz/video/7301234567890123456",
        "https://www.tiktok.com/embed/v2/7301234567890123456",
    ),
    ("soundcloud", "radio-algerie/interview-2024"): (
        "https://soundcloud.com/radio-algerie/interview-2024",
        "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fradio-algerie%2Finterview-2024",
    ),
    ("googlemaps", "Maqam Echahid, Algiers"): (
        "https://www.google.com/maps/search/?api=1&query=Maqam%20Echahid,%20Algiers",
        "https://www.google.com/maps?q=Maqam%20Echahid,%20Algiers&output=embed",
    ),
}


@pytest.mark.parametrize(("address", "provider", "embed_id"), ADDRESSES)
def test_a_pasted_address_becomes_its_providers_embed(address, provider, embed_id):
    embed = match(address)
    assert embed is not None, address
    assert (embed.provider.name, embed.id) == (provider, embed_id)


def test_every_provider_is_recognised_from_some_address():
    assert {provider for _address, provider, _id in ADDRESSES} == set(PROVIDERS)
    assert {provider for provider, _id in CANONICAL_AND_FRAME} == set(PROVIDERS)


@pytest.mark.parametrize(("address", "provider", "embed_id"), ADDRESSES)
def test_the_canonical_address_of_an_embed_is_the_same_embed(address, provider, embed_id):
    embed = match(address)
    assert match(embed.url) == embed
    assert stored(provider, embed_id) == embed


@pytest.mark.parametrize(("stored_as", "expected"), list(CANONICAL_AND_FRAME.items()), ids=str)
def test_a_stored_embed_gives_its_address_and_its_frame(stored_as, expected):
    embed = stored(*stored_as)
    assert (embed.url, embed.frame_src) == expected
    assert embed.frame_src.startswith(embed.frame_origin + "/")


def test_youtube_plays_from_the_no_cookie_host():
    embed = match(f"https://www.youtube.com/watch?v={YOUTUBE}")
    assert embed.frame_origin == "https://www.youtube-nocookie.com"
    assert embed.frame_src.startswith("https://www.youtube-nocookie.com/embed/")


def test_each_frame_comes_from_one_https_host_of_its_provider():
    for provider in PROVIDERS.values():
        assert provider.frame_origin.startswith("https://")
        assert provider.frame_origin.count("/") == 2, provider.name
        assert provider.name.isalpha() and provider.name.islower()


def test_a_page_allows_the_frame_hosts_of_its_embeds_and_no_others():
    found = [match(f"https://youtu.be/{YOUTUBE}"), match(f"https://x.com/a/status/{STATUS}"), match(f"https://youtu.be/{YOUTUBE}")]
    assert frame_origins(found) == ["https://platform.twitter.com", "https://www.youtube-nocookie.com"]
    assert frame_origins([]) == []


def test_the_box_is_titled_by_the_kind_of_content_and_the_provider():
    with translation.override("en"):
        assert str(match(f"https://youtu.be/{YOUTUBE}").default_title) == "Video on YouTube"
        assert str(match(f"https://x.com/a/status/{STATUS}").default_title) == "Post on X"
        assert str(match("https://soundcloud.com/a/b").default_title) == "Audio on SoundCloud"
        assert str(match("https://maps.google.com/?q=Oran").default_title) == "Map on Google Maps"
    with translation.override("ar"):
        assert str(match(f"https://x.com/a/status/{STATUS}").default_title) == "منشور على X"


REFUSED = [
    # Hosts that only look like a provider's.
    f"https://youtube.com.evil.example/watch?v={YOUTUBE}",
    f"https://www.youtube.com.evil.example/watch?v={YOUTUBE}",
    f"https://evilyoutube.com/watch?v={YOUTUBE}",
    f"https://youtube.co/watch?v={YOUTUBE}",
    f"https://www.yоutube.com/watch?v={YOUTUBE}",  # a Cyrillic о
    f"https://www.youtube.com../watch?v={YOUTUBE}",
    f"https://evil.example/www.youtube.com/watch?v={YOUTUBE}",
    f"https://evil.example/?u=https://www.youtube.com/watch?v={YOUTUBE}",
    f"https://evil.example#@www.youtube.com/watch?v={YOUTUBE}",
    f"https://evil.example\\@www.youtube.com/watch?v={YOUTUBE}",
    f"https://www.youtube.com\\.evil.example/watch?v={YOUTUBE}",
    f"https://youtube.com@evil.example/watch?v={YOUTUBE}",
    f"https://x.com.evil.example/a/status/{STATUS}",
    "https://facebook.com.evil.example/PresidenceDZ/posts/123",
    "https://maps.google.com.evil.example/?q=Oran",
    "https://goo.gl/maps/abc123",
    # User information, odd ports, schemes that are not the web's.
    f"https://user:secret@www.youtube.com/watch?v={YOUTUBE}",
    f"https://user@www.youtube.com/watch?v={YOUTUBE}",
    f"https://www.youtube.com:8443/watch?v={YOUTUBE}",
    f"https://www.youtube.com:0/watch?v={YOUTUBE}",
    f"https://www.youtube.com:443x/watch?v={YOUTUBE}",
    f"javascript:alert(1)//www.youtube.com/watch?v={YOUTUBE}",
    f"javascript://www.youtube.com/watch?v={YOUTUBE}%0aalert(1)",
    f"data:text/html,https://www.youtube.com/watch?v={YOUTUBE}",
    f"data://www.youtube.com/watch?v={YOUTUBE}",
    f"vbscript://www.youtube.com/watch?v={YOUTUBE}",
    f"ftp://www.youtube.com/watch?v={YOUTUBE}",
    f"www.youtube.com/watch?v={YOUTUBE}",
    f"https:///www.youtube.com/watch?v={YOUTUBE}",
    # White space or controls inside, and addresses too long to be honest.
    f"https://www.youtube.com/watch?v={YOUTUBE} onload=alert(1)",
    f"https://www.youtube.com/watch?v={YOUTUBE}\nhttps://evil.example",
    f"https://www.you\ttube.com/watch?v={YOUTUBE}",
    f"https://www.youtube.com/watch?x={'a' * 2000}&v={YOUTUBE}",
    # Ids that break the provider's pattern.
    f"https://www.youtube.com/watch?v={YOUTUBE[:-1]}",
    f"https://www.youtube.com/watch?v={YOUTUBE}Q",
    f"https://www.youtube.com/watch?v={YOUTUBE[:-1]}%22",
    "https://www.youtube.com/watch?v=dQw4w9W%3Cscr",
    "https://www.youtube.com/watch?v=",
    "https://www.youtube.com/",
    "https://www.youtube.com/@channel",
    f"https://youtu.be/{YOUTUBE[:-1]}'",
    "https://vimeo.com/user12345",
    "https://vimeo.com/١٢٣٤٥",
    "https://www.dailymotion.com/video/x<1>",
    "https://dai.ly/x8a",
    "https://x.com/APS_Algerie",
    "https://x.com/APS_Algerie/status/abc",
    "https://x.com/APS_Algerie/status/١٢٣",
    f"https://x.com/a_name_longer_than_fifteen/status/{STATUS}",
    FACEBOOK,
    "https://www.facebook.com/../posts/123",
    "https://www.facebook.com/watch/?v=abc",
    "https://www.facebook.com/permalink.php?story_fbid=1",
    "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fevil.example%2FPresidenceDZ%2Fposts%2F1",
    f"https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{YOUTUBE}",
    "https://www.instagram.com/aps_dz/",
    "https://www.instagram.com/p/ab/",
    "https://www.tiktok.com/@aps.dz",
    "https://www.tiktok.com/@/video/123",
    "https://soundcloud.com/radio-algerie",
    "https://soundcloud.com/discover/sets/weekly",
    "https://soundcloud.com/Discover/sets/weekly",
    "https://www.google.com/search?q=Oran",
    "https://www.google.com/maps/place/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "https://www.google.com/maps?q=%22onload%3D",
    "https://www.google.com/maps?q=Oran%E2%80%AEnaro",  # a right-to-left override
    "https://www.google.com/maps?q=" + "a" * 201,
    "",
    "   ",
]


@pytest.mark.parametrize("address", REFUSED)
def test_an_address_that_is_not_plainly_a_providers_stays_a_link(address):
    assert match(address) is None


@pytest.mark.parametrize("value", [None, 42, b"https://youtu.be/dQw4w9WgXcQ", ["https://youtu.be/dQw4w9WgXcQ"]])
def test_what_is_not_text_is_no_address(value):
    assert match(value) is None


@pytest.mark.parametrize(
    ("provider", "embed_id"),
    [
        ("evil", YOUTUBE),
        ("", YOUTUBE),
        (None, YOUTUBE),
        ("YouTube", YOUTUBE),
        ("youtube", YOUTUBE + '" onload="alert(1)'),
        ("youtube", "javascript:alert(1)"),
        ("youtube", ""),
        ("youtube", None),
        ("youtube", 12345678901),
        ("vimeo", "12a"),
        ("x", f"a/b/{STATUS}"),
        ("x", f"a\n/{STATUS}"),
        ("facebook", "evil.example/posts/1?x=<"),
        ("facebook", "https://evil.example"),
        ("instagram", "p/abcde/../../x"),
        ("tiktok", "@a/1/../../2"),
        ("soundcloud", "a/b/c/d"),
        ("googlemaps", "a" * 201),
        ("googlemaps", "<script>"),
        ("googlemaps", "Oran\u202e"),
        ("youtube", "a" * (embeds.MAX_ID_LENGTH + 1)),
    ],
)
def test_a_stored_embed_with_an_unknown_provider_or_a_broken_id_is_no_embed(provider, embed_id):
    assert stored(provider, embed_id) is None


def test_a_provider_is_found_by_its_whole_host_only():
    hosts = {host for provider in PROVIDERS.values() for host in provider.hosts}
    for host in hosts:
        for lookalike in (f"{host}.evil.example", f"evil{host}", f"evil.{host}x"):
            assert match(f"https://{lookalike}/watch?v={YOUTUBE}") is None, lookalike
