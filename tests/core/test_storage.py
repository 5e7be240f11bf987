"""The same guarantees from the local and the S3-compatible store: content-addressed, checked
before a record can commit, duplicate content stored once, missing or altered files named."""

import hashlib
import io
import os

import pytest
from sqlalchemy import func, select

from portal.core import storage
from portal.core.storage import StorageUnavailable, StoredFile
from tests.conftest import FROZEN
from tests.faults.s3 import aws_credentials, s3_server, use_local, use_s3  # noqa: F401  (fixtures)


@pytest.fixture(params=["local", "s3"])
def store(request, app, tmp_path):
    """The app with each backend in turn; ``store.objects()`` lists what the store holds."""

    class Store:
        kind = request.param

        def objects(self) -> dict[str, bytes]:
            if self.kind == "local":
                root = tmp_path / "files"
                return {p.name: p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.exists() else {}
            client = server.client()
            listed = client.list_objects_v2(Bucket=self.bucket, Prefix="files/").get("Contents", [])
            return {
                o["Key"].removeprefix("files/"): client.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read()
                for o in listed
            }

        def alter(self, sha256: str, data: bytes) -> None:
            if self.kind == "local":
                (tmp_path / "files" / sha256[:2] / sha256).write_bytes(data)
            else:
                server.client().put_object(Bucket=self.bucket, Key=f"files/{sha256}", Body=data)

        def remove(self, sha256: str) -> None:
            if self.kind == "local":
                (tmp_path / "files" / sha256[:2] / sha256).unlink()
            else:
                server.client().delete_object(Bucket=self.bucket, Key=f"files/{sha256}")

    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    made = Store()
    if request.param == "s3":
        request.getfixturevalue("aws_credentials")
        server = request.getfixturevalue("s3_server")
        made.bucket = use_s3(app, server)
    else:
        use_local(app, tmp_path / "files")
    return made


def keep(data: bytes, name: str = "report.pdf") -> StoredFile:
    spooled = storage.spool(io.BytesIO(data), 50 * 1024 * 1024)
    return storage.keep(spooled, name, "application/pdf", FROZEN)


def count(db):
    return db.session.scalar(select(func.count()).select_from(StoredFile))


def test_kept_files_are_named_by_sha256_and_read_back_byte_for_byte(store, db, tmp_path):
    data = b"%PDF-1.7 a visit report\n" * 1000
    record = keep(data)
    db.session.commit()
    digest = hashlib.sha256(data).hexdigest()
    assert record.sha256 == digest and record.size == len(data)
    assert store.objects() == {digest: data}
    with storage.open_stored(record) as stream:
        assert stream.read() == data
    assert list((tmp_path / "spool").iterdir()) == []  # the spooled copy is gone


def test_the_same_content_is_stored_once(store, db):
    data = b"the same document"
    first, second = keep(data, "a.pdf"), keep(data, "b.pdf")
    db.session.commit()
    assert first.id != second.id and first.sha256 == second.sha256
    assert len(store.objects()) == 1 and count(db) == 2


def test_a_file_larger_than_one_part_streams_both_ways(store, db):
    data = os.urandom(9 * 1024 * 1024 + 17)  # above the 8 MB multipart threshold
    record = keep(data)
    db.session.commit()
    with storage.open_stored(record) as stream:
        assert hashlib.sha256(stream.read()).hexdigest() == record.sha256


def test_spooled_uploads_wait_in_the_instance_spool_folder_not_in_the_store(store, tmp_path):
    spooled = storage.spool(io.BytesIO(b"arriving"), 100)
    assert spooled.path.parent == tmp_path / "spool"
    assert store.objects() == {}
    spooled.discard()


def test_a_file_over_the_limit_is_refused_and_leaves_nothing(store, tmp_path):
    with pytest.raises(storage.TooLarge):
        storage.spool(io.BytesIO(b"x" * 101), 100)
    assert list((tmp_path / "spool").iterdir()) == [] and store.objects() == {}


def test_a_store_that_fails_while_writing_records_nothing(store, db, monkeypatch, tmp_path):
    backend = storage.backend()

    def broken(spooled):
        raise StorageUnavailable("the disk is full")

    monkeypatch.setattr(backend, "put", broken)
    with pytest.raises(StorageUnavailable):
        keep(b"never kept")
    db.session.rollback()
    assert count(db) == 0 and list((tmp_path / "spool").iterdir()) == []


def test_a_write_the_store_did_not_keep_is_caught_before_the_record(
    app, db, tmp_path, s3_server, aws_credentials, monkeypatch
):
    """The object is read back (size, sha256) after writing: an upload the store lost is an error."""
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    use_s3(app, s3_server)
    monkeypatch.setattr(storage.backend().client, "upload_file", lambda *args, **kwargs: None)
    with pytest.raises(StorageUnavailable, match="does not match"):
        keep(b"lost on the way")
    assert count(db) == 0


def test_a_missing_object_is_reported_as_missing(store, db):
    record = keep(b"soon gone")
    db.session.commit()
    store.remove(record.sha256)
    with pytest.raises(storage.MissingFile):
        storage.open_stored(record)


def test_verify_files_names_altered_and_missing_files(store, app, db):
    intact, altered, missing = keep(b"intact"), keep(b"altered", "changed.pdf"), keep(b"missing", "gone.pdf")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "verify-files"])
    assert result.exit_code == 0 and "3 checked" in result.output
    store.alter(altered.sha256, b"altered!")
    store.remove(missing.sha256)
    result = runner.invoke(args=["portal", "verify-files"])
    assert result.exit_code == 1
    assert f"Altered: {altered.sha256}, used by file {altered.id} (changed.pdf)" in result.output
    assert f"Missing: {missing.sha256}, used by file {missing.id} (gone.pdf)" in result.output
    assert intact.sha256 not in result.output
    assert "1 missing and 1 altered of 3 stored files" in result.output


def test_sweep_uploads_removes_only_abandoned_spool_files(app, tmp_path):
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    folder = storage.spool_dir()
    abandoned, arriving, other = folder / "part-abandoned", folder / "upload-arriving", folder / "notes.txt"
    for path in (abandoned, arriving, other):
        path.write_bytes(b"x")
    old = FROZEN.timestamp() - 25 * 3600
    os.utime(abandoned, (old, old))
    os.utime(other, (old, old))
    os.utime(arriving, (FROZEN.timestamp() - 60, FROZEN.timestamp() - 60))
    result = app.test_cli_runner().invoke(args=["portal", "sweep-uploads", "--hours", "24"])
    assert result.exit_code == 0 and "Removed 1 abandoned uploads; 1 newer" in result.output
    assert not abandoned.exists() and arriving.exists() and other.exists()
