"""An S3-compatible store shared by every app instance: objects keyed ``<S3_PREFIX><sha256>``.

Uploads stream from the spooled file (multipart above 8 MB) with a SHA-256 checksum the server
verifies; the object's size, the sha256 kept in its metadata and, for a single-part upload, its
ChecksumSHA256 are then read back before the caller may record the file. Downloads stream.
Credentials come from the usual AWS_* variables or the instance's role.
"""

import base64
from typing import BinaryIO, cast

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from portal.core.storage_backends import MissingFile, Spooled, StorageUnavailable

MB = 1024 * 1024
TRANSFER = TransferConfig(multipart_threshold=8 * MB, multipart_chunksize=8 * MB, use_threads=False)
NOT_FOUND = {"404", "NoSuchKey", "NotFound"}


class S3Backend:
    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, region: str | None = None):
        if not bucket:
            raise StorageUnavailable("S3_BUCKET is not set")
        self.bucket, self.prefix = bucket, prefix or ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(connect_timeout=5, read_timeout=60, retries={"mode": "standard", "total_max_attempts": 2}),
        )

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{sha256}"

    def put(self, spooled: Spooled) -> None:
        key = self.key(spooled.sha256)
        try:
            if self._holds(key, spooled):
                return  # the same content is stored once
            self.client.upload_file(
                str(spooled.path),
                self.bucket,
                key,
                Config=TRANSFER,
                ExtraArgs={
                    "ChecksumAlgorithm": "SHA256",
                    "Metadata": {"sha256": spooled.sha256},
                    "ContentType": "application/octet-stream",
                },
            )
            if not self._holds(key, spooled):
                raise StorageUnavailable(f"the stored object {key} does not match what was sent")
        except (BotoCoreError, ClientError, OSError) as error:
            raise StorageUnavailable(f"cannot store {key}: {error}") from error

    def _holds(self, key: str, spooled: Spooled) -> bool:
        """Whether the object exists with this size and sha256 (a damaged one is written again)."""
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in NOT_FOUND:
                return False
            raise
        checksum = head.get("ChecksumSHA256")
        # A multipart object's checksum is of its parts (its ETag ends "-<parts>"); each part was checked on arrival.
        whole = checksum and "-" not in head.get("ETag", "") and "-" not in checksum
        expected = base64.b64encode(bytes.fromhex(spooled.sha256)).decode()
        return (
            head.get("ContentLength") == spooled.size
            and head.get("Metadata", {}).get("sha256") == spooled.sha256
            and (not whole or checksum == expected)
        )

    def open(self, sha256: str) -> BinaryIO:
        key = self.key(sha256)
        try:
            return cast(BinaryIO, self.client.get_object(Bucket=self.bucket, Key=key)["Body"])
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in NOT_FOUND:
                raise MissingFile(sha256) from None
            raise StorageUnavailable(f"cannot read {key}: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"cannot read {key}: {error}") from error
