#!/usr/bin/env python3
"""Latency of DescribeServices and RunTask through a running Kecs gateway, one keep-alive connection.

    python3 tools/measure-latency.py http://127.0.0.1:5373 [requests]

Creates a cluster, a task definition and a service, then times each call sequentially and prints
p50 and p99 in milliseconds. A stop-gap until the benchmark project (bench/Kecs.Bench) exists.
"""
import http.client
import json
import sys
import time
import urllib.parse
import uuid

endpoint = urllib.parse.urlparse(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port)
cluster = f"latency-{uuid.uuid4().hex[:8]}"


def call(operation, body):
    connection.request("POST", "/", json.dumps(body), {
        "X-Amz-Target": f"AmazonEC2ContainerServiceV20141113.{operation}",
        "Content-Type": "application/x-amz-json-1.1",
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0",
    })
    response = connection.getresponse()
    payload = response.read()
    if response.status != 200:
        raise SystemExit(f"{operation} answered {response.status}: {payload[:300]!r}")


def percentiles(operation, body):
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        call(operation, body)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"{operation:18} n={count} p50={timings[len(timings) // 2]:.2f} ms p99={timings[int(len(timings) * 0.99)]:.2f} ms")


call("CreateCluster", {"clusterName": cluster})
call("RegisterTaskDefinition", {"family": cluster, "containerDefinitions": [{"name": "c", "image": "nginx", "memory": 64}]})
call("CreateService", {"cluster": cluster, "serviceName": "svc", "taskDefinition": cluster, "desiredCount": 1})
percentiles("DescribeServices", {"cluster": cluster, "services": ["svc"]})
percentiles("RunTask", {"cluster": cluster, "taskDefinition": cluster})
