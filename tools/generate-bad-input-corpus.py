#!/usr/bin/env python3
"""Writes tests/Kecs.AppHost.Tests/BadInput/corpus.jsonl: malformed ECS requests for the bad-input test.

Each line is one request: method, path, headers, and the body as base64 or, for very large bodies,
as a recipe ({"prefix", "repeat", "count", "suffix"}) the test expands. Deterministic: re-running
gives the same file. Reads botocore's ECS model (python3) for operation names and member types.
"""
import base64, json, os, random, botocore.session

random.seed(20261124)
model = botocore.session.get_session().get_service_model('ecs')
PREFIX = 'AmazonEC2ContainerServiceV20141113.'
JSON = 'application/x-amz-json-1.1'
AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-target, Signature=0'
OPERATIONS = ['CreateCluster', 'DescribeClusters', 'ListClusters', 'RegisterTaskDefinition', 'DescribeTaskDefinition',
              'CreateService', 'UpdateService', 'DescribeServices', 'DeleteService', 'RunTask', 'StopTask', 'DescribeTasks',
              'ListTasks', 'TagResource', 'PutAccountSetting', 'ListServiceDeployments', 'DescribeServiceDeployments',
              'StopServiceDeployment', 'ListAttributes', 'DeleteCluster']
cases = []

def add(category, body, operation='CreateCluster', headers=None, method='POST', path='/', recipe=None):
    h = {'Content-Type': JSON, 'X-Amz-Target': PREFIX + operation, 'Authorization': AUTH}
    h.update(headers or {})
    h = {k: v for k, v in h.items() if v is not None}
    case = {'category': category, 'method': method, 'path': path, 'headers': h}
    if recipe:
        case['recipe'] = recipe
    else:
        case['body'] = base64.b64encode(body if isinstance(body, bytes) else body.encode()).decode()
    cases.append(case)

# Broken JSON.
for operation in OPERATIONS:
    for body in ['{', '}', '{"cluster": ', '{"cluster": "a",}', '{"cluster" "a"}', "{'cluster': 'a'}", '{"a": tru}',
                 '{"a": 01}', '{"a": "\\x"}', '[1, 2', 'null', '"just a string"', '42', '{"a": NaN}', '{"a": 1}{"b": 2}']:
        add('broken-json', body, operation)

# Wrong JSON types, member by member, from the model.
wrong = {'string': [1, True, [], {}, 1.5], 'integer': ['1', True, [], 1.5, 1e400], 'long': ['x', {}],
         'boolean': ['true', 1, []], 'list': ['a', {}, 1], 'structure': ['a', [], 1], 'map': [[], 'a'],
         'timestamp': ['yesterday', [], True], 'double': ['x', []]}
for operation in OPERATIONS:
    shape = model.operation_model(operation).input_shape
    for name, member in (shape.members.items() if shape else []):
        for value in random.sample(wrong.get(member.type_name, ['x']), k=min(2, len(wrong.get(member.type_name, ['x'])))):
            add('wrong-type', json.dumps({name: value}) if value != 1e400 else '{"%s": 1e400}' % name, operation)

# Invalid UTF-8.
for operation in OPERATIONS:
    for raw in [b'{"clusterName": "\xff\xfe"}', b'{"cluster": "\xc3\x28"}', b'{"\xed\xa0\x80": 1}', b'\xef\xbb\xbf{}', b'{"a": "\xf0\x28\x8c\x28"}']:
        add('invalid-utf8', raw, operation)

# Deep nesting.
for depth in [64, 65, 100, 1000, 10000, 100000]:
    add('deep-nesting', None, 'CreateCluster', recipe={'prefix': '{"tags": ', 'repeat': '[', 'count': depth, 'suffix': ']' * depth + '}'})
    add('deep-nesting', None, 'RegisterTaskDefinition', recipe={'prefix': '{"family": "f", "x": ', 'repeat': '{"a":', 'count': depth, 'suffix': '1' + '}' * depth + '}'})

# Huge strings, lists and bodies (the largest go past the 1 MiB limit).
for size in [10_000, 100_000, 500_000, 1_048_000, 2_000_000, 10_000_000]:
    add('huge', None, 'CreateCluster', recipe={'prefix': '{"clusterName": "', 'repeat': 'x', 'count': size, 'suffix': '"}'})
    add('huge', None, 'RegisterTaskDefinition', recipe={'prefix': '{"family": "f", "containerDefinitions": [{"name": "c", "image": "', 'repeat': 'i', 'count': size, 'suffix': '"}]}'})
for count in [1000, 100_000]:
    add('huge', None, 'DescribeTasks', recipe={'prefix': '{"tasks": [', 'repeat': '"t",', 'count': count, 'suffix': '"t"]}'})
    add('huge', None, 'DescribeClusters', recipe={'prefix': '{"clusters": [', 'repeat': '"c",', 'count': count, 'suffix': '"c"]}'})
add('huge', None, 'CreateCluster', recipe={'prefix': '{"', 'repeat': 'k', 'count': 100_000, 'suffix': '": 1}'})

# Unknown members, unknown operations, other services.
for operation in OPERATIONS:
    add('unknown-member', json.dumps({'notAMember': 1, 'another': {'deep': [1, 2]}}), operation)
for operation in ['LaunchRocket', 'createCluster', 'CREATECLUSTER', 'CreateCluster ', ' CreateCluster', 'Create Cluster', '',
                  'CreateCluster\u00e9', '../CreateCluster', 'CreateCluster;DeleteCluster', 'A' * 5000]:
    add('unknown-operation', '{}', operation)
for target in ['AmazonSQS.ListQueues', 'DynamoDB_20120810.ListTables', 'AmazonEC2ContainerServiceV20141113', 'AmazonEC2ContainerServiceV20141112.ListClusters',
               'Logs_20140328.DescribeLogGroups', 'AWSEvents.ListRules', '.', 'AmazonEC2ContainerServiceV20141113..ListClusters']:
    add('other-service', '{}', headers={'X-Amz-Target': target})

# Missing and odd headers, methods and paths.
for operation in OPERATIONS:
    add('no-target', '{}', operation, headers={'X-Amz-Target': None})
    add('no-content-type', '{}', operation, headers={'Content-Type': None})
    add('odd-content-type', '{}', operation, headers={'Content-Type': random.choice(['text/plain', 'application/json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', '*/*', 'application/x-amz-json-1.0'])})
    add('no-authorization', '{}', operation, headers={'Authorization': None})
    add('odd-authorization', '{}', operation, headers={'Authorization': random.choice(['Bearer x', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 Credential=/////', 'AWS4-HMAC-SHA256 Credential=AKID/20261124/' + 'r' * 3000 + '/ecs/aws4_request', ''])})
    add('gzip-not-gzip', '{}', operation, headers={'Content-Encoding': 'gzip'})
for method in ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']:
    for operation in OPERATIONS[:6]:
        add('odd-method', '{}' if method != 'GET' else '', operation, method=method)
for path in ['/x', '/admin/../', '/%2e%2e/', '//', '/?Action=ListClusters', '/internal/v1/changes', '/internal/v1/reset']:
    add('odd-path', '{}', 'ListClusters', path=path)
add('long-header', '{}', headers={'X-Long': 'v' * 16000})
add('many-headers', '{}', headers={f'X-H{i}': 'v' for i in range(200)})

here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, '..', 'tests', 'Kecs.AppHost.Tests', 'BadInput', 'corpus.jsonl')
with open(target, 'w') as corpus:
    for case in cases:
        corpus.write(json.dumps(case, sort_keys=True) + '\n')
print(f'{len(cases)} requests -> {os.path.normpath(target)}')
