"""What `mitra backup` takes from the document storage: every stored file, nested or not, and
nothing a link in the documents folder points to."""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage

from mitra.core.backup import stored_names


def test_every_stored_file_is_listed_and_a_link_is_left_out(tmp_path):
    root = tmp_path / "documents"
    (root / "ab").mkdir(parents=True)
    (root / "ab" / "ab12.pdf").write_bytes(b"%PDF-1.7")
    (root / "cd").mkdir()
    (root / "cd" / "cd34.txt").write_text("notulen")
    secret = tmp_path / "outside.txt"
    secret.write_text("not a document")
    (root / "cd" / "link.txt").symlink_to(secret)

    assert list(stored_names(FileSystemStorage(location=root))) == ["ab/ab12.pdf", "cd/cd34.txt"]


def test_a_documents_folder_not_made_yet_holds_nothing(tmp_path):
    assert list(stored_names(FileSystemStorage(location=tmp_path / "never"))) == []
