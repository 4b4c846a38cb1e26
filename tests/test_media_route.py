"""The image route (GET /replay-media/{token}/{key}) against the real app (streamlit run serve.py): the right
image for a genuine token, 403 for a missing, forged, tampered or expired one, nothing outside the token's
session, and with login on nothing for anyone who is not an active account."""

import time
import urllib.error
import urllib.request

import cv2
import numpy as np
import pytest
from PIL import Image

from tests.app_server import running_app
from tests.test_team_app import PW, make_accounts
from tests.trace_factory import make_session
from viewer.replay import media_keys, media_tokens
from viewer.review import Store
from viewer.team import accounts

SECRET = "a-shared-secret-for-the-tests"
KEY = SECRET.encode()
RED, BLUE = (220, 30, 30), (30, 30, 220)  # RGB


def _get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def _decode(body: bytes) -> np.ndarray:
    img = cv2.imdecode(np.frombuffer(body, np.uint8), cv2.IMREAD_COLOR)
    assert img is not None, body[:80]
    return img


def _dataset(root):
    data = root / "data"
    d = make_session(data, "s1")
    Image.new("RGB", (800, 600), RED).save(d / "screenshots" / "0001.png")
    Image.new("RGB", (800, 600), BLUE).save(d / "screenshots" / "0002.jpg", quality=95)
    v = make_session(data, "vid", manifest={"video": {"file": "screen.mp4", "t0": 0.0}})
    writer = cv2.VideoWriter(str(v / "screen.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 5, (400, 300))
    for i in range(25):
        writer.write(np.full((300, 400, 3), (0, 10 * i, 0), np.uint8))
    writer.release()
    secret_dir = root / "outside"  # not part of the dataset; a symlinked "session" points at it
    make_session(secret_dir, "private")
    (data / "link").symlink_to(secret_dir / "private")
    return data


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("media")
    env = {"VIEWER_DATA": str(_dataset(root)), "VIEWER_CACHE": str(root / "cache"), "VIEWER_AUTH": "off",
           "VIEWER_MEDIA_SECRET": SECRET}
    with running_app(env) as url:
        yield url


def _url(base: str, token: str, key: str, w: int | None = None) -> str:
    return f"{base}/replay-media/{token}/{urllib.request.quote(key, safe='')}" + (f"?w={w}" if w else "")


def test_a_valid_token_gets_the_right_screenshot_resized_with_caching_headers(app_url):
    token = media_tokens.issue(KEY, "s1", None, 60)
    status, body, headers = _get(_url(app_url, token, "s:0", w=320))
    assert status == 200 and headers["content-type"] == "image/jpeg"
    assert "max-age" in headers["cache-control"] and "private" in headers["cache-control"]
    img = _decode(body)
    assert img.shape == (240, 320, 3)
    assert np.abs(img[120, 160].astype(int) - RED[::-1]).max() < 20
    status, body, _ = _get(_url(app_url, token, "s:1"))
    assert status == 200
    img = _decode(body)
    assert img.shape == (600, 800, 3)  # never upscaled past the original
    assert np.abs(img[300, 400].astype(int) - BLUE[::-1]).max() < 20


def test_a_video_frame_is_served_by_index(app_url):
    token = media_tokens.issue(KEY, "vid", None, 60)
    status, body, _ = _get(_url(app_url, token, "v:15"))
    assert status == 200
    assert 130 < _decode(body)[150, 200, 1] < 170  # frame 15 is green 150
    assert _get(_url(app_url, token, "v:999"))[0] == 404


def test_no_forged_tampered_or_expired_token_gets_anything(app_url):
    good = media_tokens.issue(KEY, "s1", None, 60)
    other = media_tokens.issue(KEY, "vid", None, 60)
    forged = media_tokens.issue(b"somebody-elses-secret-key", "s1", None, 60)
    spliced = other.split(".")[0] + "." + good.split(".")[1]  # another session's claims, this signature
    expired = media_tokens.issue(KEY, "s1", None, 10, now=time.time() - 60)
    for token in ["-", "x.y", forged, spliced, expired, good[:-2], good + "é"]:
        status, body, _ = _get(_url(app_url, urllib.request.quote(token, safe=""), "s:0"))
        assert status == 403, token
        assert not body.startswith(b"\xff\xd8")  # no JPEG
    status, body, headers = _get(f"{app_url}/replay-media/s%3A0")  # no token: not the route (the app's page)
    assert status == 403 or ("image" not in headers["content-type"] and not body.startswith(b"\xff\xd8"))
    assert _get(_url(app_url, good, "s:0"))[0] == 200


def test_nothing_outside_the_tokens_session_is_served(app_url):
    token = media_tokens.issue(KEY, "s1", None, 60)
    for key in ["s:2", "s:99999999", "../../vid/screen.mp4", "screenshots/0001.png", "s:-1", "x:0", "s:1e3"]:
        status, body, headers = _get(_url(app_url, token, key))
        # 404 from the route; 400 from Streamlit's path guard; a key with a slash is not the route (the app page)
        assert status in (400, 404) or "image" not in headers["content-type"], key
        assert not body.startswith(b"\xff\xd8") and not body.startswith(b"\x89PNG"), key
    for session in ["..", ".", "./s1", "../outside", "s1/screenshots", "link", "nope", "/etc", ""]:
        status, _, _ = _get(_url(app_url, media_tokens.issue(KEY, session, None, 60), "s:0"))
        assert status == 403, session


def test_with_login_on_only_active_accounts_get_images(tmp_path):
    db = f"sqlite:///{tmp_path / 'team.db'}"
    make_accounts(db)
    with Store.open(db) as store:
        accounts.add(store, "dora", "reviewer", "disabled-password")
        accounts.disable(store, "dora")
    env = {"VIEWER_DATA": str(_dataset(tmp_path)), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_AUTH": "on",
           "VIEWER_DB_URL": db, "VIEWER_MEDIA_SECRET": SECRET}
    with running_app(env) as url:
        for user in [None, "mallory", "dora", ""]:
            assert _get(_url(url, media_tokens.issue(KEY, "s1", user, 60), "s:0"))[0] == 403, user
        assert _get(_url(url, "-", "s:0"))[0] == 403
        assert _get(_url(url, media_tokens.issue(KEY, "s1", "rita", 60), "s:0"))[0] == 200


@pytest.mark.browser
def test_the_page_gives_images_only_to_a_signed_in_viewer(chromium, tmp_path):
    db = f"sqlite:///{tmp_path / 'team.db'}"
    make_accounts(db)
    env = {"VIEWER_DATA": str(_dataset(tmp_path)), "VIEWER_CACHE": str(tmp_path / "cache"), "VIEWER_AUTH": "on",
           "VIEWER_DB_URL": db}  # no shared secret: the process makes its own key
    with running_app(env) as url:
        page = chromium.new_page(viewport={"width": 1500, "height": 1000})
        media = []
        page.on("response", lambda r: media.append((r.url, r.status)) if "/replay-media/" in r.url else None)
        page.goto(f"{url}/replay?session=s1&t=3.5")
        page.get_by_label("Username", exact=True).wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert media == [] and page.locator("canvas.rp-screen").count() == 0  # anonymous: no player, no image
        page.get_by_label("Username", exact=True).fill("rita")
        page.get_by_label("Password", exact=True).fill(PW["rita"])
        page.get_by_role("button", name="Log in").click()
        page.get_by_text("Signed in as rita").wait_for(timeout=60_000)
        page.get_by_role("link", name="Replay").click()  # the same browser tab: still signed in
        page.locator("canvas.rp-screen").click()
        page.keyboard.press("ArrowRight")  # to the end: the second screenshot
        page.wait_for_selector('canvas.rp-screen[data-image="s:1"]', timeout=60_000)
        assert media and all(status == 200 for _, status in media)
        token = media[0][0].split("/replay-media/")[1].split("/")[0]
        assert _get(_url(url, token, "s:1"))[0] == 200  # the token is the credential, for this session only
        forged = media_tokens.issue(b"not-the-process-key-at-all", "s1", "rita", 600)
        assert _get(_url(url, forged, "s:1"))[0] == 403


def test_tokens_sign_expire_and_refuse_tampering():
    token = media_tokens.issue(KEY, "s1", "rita", 100, now=1000.0)
    assert media_tokens.verify(KEY, token, now=1050.0) == media_tokens.Grant("s1", "rita", 1100.0)
    assert media_tokens.verify(KEY, token, now=1100.0) is None
    assert media_tokens.verify(b"another-key-entirely", token, now=1050.0) is None
    assert media_tokens.verify(KEY, token.replace(".", "x.", 1), now=1050.0) is None
    assert media_tokens.verify(KEY, "", now=1050.0) is None
    assert media_tokens.key({}) == media_tokens.key({"VIEWER_MEDIA_SECRET": ""})  # the per-process key
    assert media_tokens.key({"VIEWER_MEDIA_SECRET": SECRET}) == KEY
    with pytest.raises(media_tokens.SecretError, match="VIEWER_MEDIA_SECRET"):
        media_tokens.key({"VIEWER_MEDIA_SECRET": "short"})


def test_widths_snap_to_a_few_sizes():
    assert [media_keys.snap_width(w) for w in (None, "", "abc", 1, 161, 320, 1280, 99999)] == [
        1280, 1280, 1280, 160, 320, 320, 1280, 2560]
