"""Mail bodies decoded as mail clients read them: a label's superset, UTF-8 under a Western
label, detection where no label is given; a label that fits is always taken at its word."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.formats import read_paths
from explorer.formats.mailcharset import part_text
from tests.paths import SHARED


@pytest.mark.parametrize(("text", "encoding", "declared"), [
    ("①番線～③番線に変更", "cp932", "Shift_JIS"),  # Windows' extensions of Shift_JIS
    ("朱镕基总理", "gb18030", "gb2312"),  # 镕 is GBK, not GB 2312
    ("It’s “quoted”, 5 €", "cp1252", "iso-8859-1"),  # Windows-1252 punctuation
    ("Grüße aus Köln, naïve café", "utf-8", "us-ascii"),  # UTF-8 under a default label
    ("Grüße aus Köln", "utf-8", "iso-8859-1"),
    ("Привет всем! У меня та же проблема с кодировкой после обновления почтового клиента. "
     "Письма приходят, но вместо русских букв видны странные символы.", "koi8-r", None),
])
def test_mislabelled_bodies_keep_their_text(text, encoding, declared):
    assert part_text(text.encode(encoding), declared) == text


def test_iso_2022_jp_with_windows_characters_keeps_them():
    # ① and ㈱ are NEC's row 13 of JIS X 0208, which Windows writes under this label.
    jis = b"\x1b$B-!$N@_Hw\x1b(B OK \x1b$B-j\x1b(B\r\n\x1b(I6\x1b(B"
    assert part_text(jis, "ISO-2022-JP") == "①の設備 OK ㈱\r\nｶ"
    plain = "こんにちは、路面電車の件です。\n二行目"
    assert part_text(plain.encode("iso2022_jp"), "iso-2022-jp") == plain


@given(st.text(max_size=40), st.sampled_from(
    ["shift_jis", "gb2312", "koi8-r", "euc-kr", "iso-2022-jp", "utf-8", "windows-1251", "big5"]))
def test_a_label_that_fits_is_taken_at_its_word(text, declared):
    try:
        data = text.encode(declared)
    except UnicodeEncodeError:
        return
    assert part_text(data, declared) == text


def test_an_archive_of_mislabelled_mail_reads_whole(tmp_path):
    def message(number: int, declared: str, body: bytes, reply: int | None = None) -> bytes:
        head = (f"From a{number}@example.org Mon Jun  3 10:0{number}:00 2024\n"
                f"From: a{number}@example.org\nSubject: Linie 7\n"
                f"Message-ID: <{number}@example.org>\n"
                f"Date: Mon, 03 Jun 2024 10:0{number}:00 +0000\nMIME-Version: 1.0\n"
                f"Content-Type: text/plain; charset={declared}\n"
                f"Content-Transfer-Encoding: 8bit\n")
        if reply:
            head += f"In-Reply-To: <{reply}@example.org>\n"
        return head.encode() + b"\n" + body + b"\n\n"

    bodies = {1: ("Shift_JIS", "①番線～③番線に変更", "cp932"),
              2: ("us-ascii", "Grüße aus Köln", "utf-8"),
              3: ("iso-8859-1", "It’s “fine”", "cp1252")}
    path = tmp_path / "list.mbox"
    path.write_bytes(b"".join(message(n, declared, text.encode(encoding), n - 1 or None)
                              for n, (declared, text, encoding) in bodies.items()))
    [thread] = read_paths([str(path)])
    assert [node.text for node in thread.nodes] == [text for _, text, _ in bodies.values()]


def test_encoded_words_under_a_narrow_label_keep_their_text(tmp_path):
    def word(text: str, encoding: str, label: str) -> str:
        return f"=?{label}?B?{base64.b64encode(text.encode(encoding)).decode()}?="

    path = tmp_path / "one.mbox"
    path.write_text(
        "From x@example.org Mon Jun  3 10:00:00 2024\n"
        f"From: {word('朱镕基', 'gb18030', 'gb2312')} <zhu@example.org>\n"
        f"Subject: Re: {word('①番線の件', 'cp932', 'shift_jis')}\n"
        "Message-ID: <1@example.org>\nDate: Mon, 03 Jun 2024 10:00:00 +0000\n\nbody\n",
        encoding="ascii")
    [thread] = read_paths([str(path)])
    assert (thread.title, thread.nodes[0].author) == ("①番線の件", "朱镕基")


def test_an_8_bit_header_is_read_by_the_body_s_label_as_mail_clients_read_it(tmp_path):
    path = tmp_path / "raw.mbox"
    path.write_bytes(
        b"From x@example.jp Mon Jun  3 10:00:00 2024\n"
        b"From: " + "①山田".encode("cp932") + b" <yamada@example.jp>\n"
        b"Subject: " + "②番線".encode("cp932") + b"\nMessage-ID: <1@example.jp>\n"
        b"Content-Type: text/plain; charset=Shift_JIS\n\n" + "本文".encode("cp932") + b"\n")
    [thread] = read_paths([str(path)])
    assert (thread.title, thread.nodes[0].author, thread.nodes[0].text) == (
        "②番線", "①山田", "本文")


TWISTED = SHARED / "threads" / "mail_twisted"


@pytest.mark.skipif(not TWISTED.is_dir(), reason="no shared data")
@pytest.mark.parametrize("path", sorted(TWISTED.glob("*.txt")), ids=lambda path: path.stem)
def test_a_real_archive_loses_no_letter_to_u_fffd(path):
    # Pipermail keeps each message's bytes under its own (often missing or narrow) label:
    # names such as Stenhård, Hervé or Anđelković were U+FFFD; now only the archive's own
    # U+FFFD characters (its UTF-8 bytes EF BF BD) are.
    threads = read_paths([str(path)])
    found = sum(text.count("\ufffd") for thread in threads for node in thread.nodes
                for text in (node.text, node.author or ""))
    assert sum(len(thread.nodes) for thread in threads) > 100
    assert found <= path.read_bytes().count("\ufffd".encode())


@pytest.mark.parametrize("declared", ["base64", "hex", "zlib", "rot13", "uu", "quopri",
                                      "undefined", "idna", "punycode"])
@pytest.mark.parametrize("text", ["plain words", "Grüße aus Köln, naïve café", ""])
def test_a_label_naming_no_charset_is_passed_over_not_a_crash(text, declared):
    # Python knows these names as codecs, but they are no charset (a hostile or broken
    # mail): decoding by them raised LookupError or UnicodeError, a traceback for the run.
    assert part_text(text.encode("utf-8"), declared) == text


def test_a_mailbox_with_such_a_label_is_read_whole(tmp_path):
    mailbox = tmp_path / "list.mbox"
    mailbox.write_bytes(
        b"From a@b Mon Jan  1 00:00:00 2024\nFrom: Ann <a@b.org>\nSubject: hi\n"
        b"Message-ID: <1@b>\nContent-Type: text/plain; charset=\"base64\"\n\n"
        + "Grüße aus Köln\n".encode() + b"\nFrom c@d Mon Jan  1 01:00:00 2024\n"
        b"From: Bob <c@d.org>\nSubject: Re: hi\nMessage-ID: <2@d>\nIn-Reply-To: <1@b>\n"
        b"Content-Type: text/plain; charset=undefined\n\nok\n")
    [thread] = read_paths([str(mailbox)])
    assert [(node.author, node.text) for node in thread.nodes] == [
        ("Ann", "Grüße aus Köln"), ("Bob", "ok")]


@pytest.mark.parametrize("text", ["\x1b", "ab\x1b", "ab\x1b$", "x\x1b(Zy"])
def test_a_lone_or_unknown_escape_under_iso_2022_jp_keeps_every_byte(text):
    # An escape the Windows reading did not know swallowed itself and what followed it.
    assert part_text(text.encode("ascii"), "iso-2022-jp") == text
