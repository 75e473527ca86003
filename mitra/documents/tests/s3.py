"""A real S3 HTTP API on loopback for the object-storage tests: moto's server (the same one
`moto_server` runs) in a thread of the test process, reached over HTTP by Mitra's boto3, by
the tests' own boto3 client and by app servers started as other processes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

from mitra.bench.cluster import free_ports

# moto accepts any key; these stand for what an operator exports for boto3.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "mitra-test-key",
    "AWS_SECRET_ACCESS_KEY": "mitra-test-secret-never-logged",
}
REGION = "ap-southeast-3"


@dataclass
class S3Server:
    endpoint: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def new_bucket(self) -> str:
        name = f"mitra-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def url(self, bucket: str, **extra: str) -> str:
        """The MITRA_STORAGE_URL an operator would set for this bucket."""
        query = "&".join(f"{k}={v}" for k, v in {"region": REGION, **extra}.items())
        return f"s3://{bucket}?endpoint={self.endpoint}&{query}"

    def objects(self, bucket: str) -> dict[str, bytes]:
        client = self.client()
        listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed
        }


@contextmanager
def running() -> Iterator[S3Server]:
    from moto.server import ThreadedMotoServer

    port = free_ports(1)[0]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    saved = {k: os.environ.get(k) for k in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server.start()
    try:
        yield S3Server(endpoint=f"http://127.0.0.1:{port}")
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
