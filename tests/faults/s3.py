"""An S3-compatible server on loopback (moto, real HTTP on a free port) and the app settings for it.

Imported by the storage tests and the fault tests; nothing here reaches the internet.
"""

import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

REGION = "eu-west-2"


class LoopbackS3:
    def __init__(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.url = f"http://{host}:{port}"

    def stop(self) -> None:
        """Stop answering and close the socket, so clients are refused at once."""
        self.server.stop()
        self.server._server.server_close()

    def client(self):
        return boto3.client("s3", endpoint_url=self.url, region_name=REGION)

    def new_bucket(self) -> str:
        bucket = f"portal-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        return bucket

    def settings(self, bucket: str) -> dict:
        return {
            "STORAGE_BACKEND": "s3",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.url,
            "S3_REGION": REGION,
            "S3_PREFIX": "files/",
        }


@pytest.fixture(scope="session")
def s3_server():
    server = LoopbackS3()
    yield server
    server.stop()


@pytest.fixture
def aws_credentials(monkeypatch):
    """Fixed test credentials; no profile or instance role is looked up."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)


def use_s3(app, server: LoopbackS3) -> str:
    """Point ``app`` at a fresh bucket on ``server``; returns the bucket's name."""
    bucket = server.new_bucket()
    app.config.update(server.settings(bucket))
    app.extensions.pop("portal_storage", None)
    return bucket


def use_local(app, folder) -> None:
    app.config.update({"STORAGE_BACKEND": "local", "STORAGE_DIR": str(folder)})
    app.extensions.pop("portal_storage", None)
