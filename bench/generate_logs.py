#!/usr/bin/env python3
"""Benchmark generator for ShareScope: realistic CloudTrail logs in the S3 layout.

    python3 bench/generate_logs.py --out DIR --size-mb N [--gzip] [--seed S] [--jobs J]
    python3 bench/generate_logs.py --verify DIR

Writes DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<ts>_<rand16>.json[.gz]
totalling N MB (1 MB = 1,000,000 bytes) of UNCOMPRESSED compact JSON, about 2,000 records per file,
plus DIR/expected-alerts.jsonl (what rule 0236 in sentinel mode, no trusted accounts, must raise)
and DIR/manifest.json.

Ordinary traffic is rendered from pre-built string templates (no json.dumps per record).
Sharing events (~0.05 % of records) are built as dicts, serialised with json.dumps and run
through rule0236_alerts() below, a small re-implementation of the Kusto rule, so the expected
alerts come from exactly what was written.  Output is deterministic for a given seed, whatever
the number of jobs.  Standard library only.
"""

import argparse
import math
import base64
import json
import os
import random
import re
import sys
import time
import zlib

MB = 1_000_000
TARGET_RECORDS_PER_FILE = 2000
AVG_RECORD_BYTES = 1720          # measured average of the mix below (see bench/README.md)
SHARE_RATE = 0.0005              # fraction of records that are sharing events
WINDOW_SECONDS = 300             # time span covered by one delivery file
FILE_STEP_SECONDS = 150          # delivery time step between consecutive files
START_EPOCH = 1714521600         # 2024-05-01T00:00:00Z

# --------------------------------------------------------------------------------------------
# Rule 0236 (sentinel mode, TrustedAccounts = []) re-implemented with Kusto semantics.
# --------------------------------------------------------------------------------------------
RULE_EVENT_NAMES = ("ModifyImageAttribute", "ModifySnapshotAttribute",
                    "ModifyDBSnapshotAttribute", "PutBucketPolicy")


def _get(v, key):
    """Kusto x.key: null unless x is an object holding key."""
    return v.get(key) if isinstance(v, dict) else None


def _mv_expand(v):
    """Kusto mv-expand (kind=bag): array -> elements, bag -> single-entry bags, null -> [null]."""
    if v is None:
        return [None]
    if isinstance(v, list):
        return list(v)
    if isinstance(v, dict):
        return [{k: x} for k, x in v.items()]
    return [v]


def _kstr(v):
    """Kusto's string view of a dynamic value."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v, separators=(",", ":"))


def rule0236_alerts(rec, trusted=()):
    """Alerts rule 0236 raises for one CloudTrail record: list of (addedAccount, resourceType)."""
    name = rec.get("eventName")
    if not isinstance(name, str):
        return []
    is_lambda = rec.get("eventSource") == "lambda.amazonaws.com" and name.lower().startswith("addpermission")
    if name not in RULE_EVENT_NAMES and not is_lambda:
        return []
    rp = rec.get("requestParameters")
    rows = []
    if name == "ModifyImageAttribute":
        for lp in _mv_expand(_get(rp, "launchPermission")):
            for item in _mv_expand(_get(_get(lp, "add"), "items")):
                rows.append((_get(item, "userId"), "AMI"))
    elif name == "ModifySnapshotAttribute":
        for cvp in _mv_expand(_get(rp, "createVolumePermission")):
            for item in _mv_expand(_get(_get(cvp, "add"), "items")):
                rows.append((_get(item, "userId"), "EBSSnapshot"))
    elif name == "ModifyDBSnapshotAttribute":
        an = _kstr(_get(rp, "attributeName"))
        if an is not None and an.lower() == "restore":
            for v in _mv_expand(_get(rp, "valuesToAdd")):
                rows.append((v, "RDSSnapshot"))
    elif name == "PutBucketPolicy":
        for st in _mv_expand(_get(_get(rp, "bucketPolicy"), "Statement")):
            eff = _kstr(_get(st, "Effect"))
            if eff is not None and eff.lower() == "allow":
                for v in _mv_expand(_get(_get(st, "Principal"), "AWS")):
                    rows.append((v, "S3Bucket"))
    if is_lambda and name.lower().startswith("addpermission"):
        if _get(rp, "action") == "lambda:InvokeFunction":
            rows.append((_get(rp, "principal"), "LambdaFunction"))

    actor = _kstr(_get(rec.get("userIdentity"), "accountId")) or ""
    out = []
    for v, rtype in rows:
        s = _kstr(v)
        if s is None:
            continue
        if "*" in s:
            s = "*"
        if s.lower().startswith("arn:"):
            parts = s.split(":")
            s = parts[4] if len(parts) > 4 else None
        if not s:
            continue
        if s == actor or s in trusted:
            continue
        if s.lower().endswith(".amazonaws.com"):
            continue
        out.append((s, rtype))
    return out


# --------------------------------------------------------------------------------------------
# Static pools
# --------------------------------------------------------------------------------------------
ACCOUNTS = [("246813579024", 0.7), ("135792468013", 0.3)]      # the org's two accounts (invented)
REGIONS = [("us-east-1", 0.55), ("eu-west-1", 0.25), ("us-west-2", 0.12), ("ap-southeast-2", 0.08)]
EXTERNAL_ACCOUNTS = ["048213377401", "731946205588", "902117364450", "556019283746",
                     "019283746501", "384756192038", "667788990011", "200417736925"]
VENDOR_ACCOUNTS = ["222233334444", "870051122334"]             # backup vendor, monitoring SaaS

ALNUM_UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"

UA_CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.213-201.855.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/%s"
UAS_SDK = [
    "aws-sdk-java/1.12.669 Linux/5.10.213-201.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS java/17.0.10 vendor/Amazon.com_Inc. cfg/retry-mode/standard",
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
    "aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/s3#1.51.4",
    "aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 lang/js md/nodejs#20.11.1 api/s3#3.540.0",
    "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#4.14.255-338-268.548.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.51",
]
UA_TF = ("Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 "
         "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux "
         "lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.152.0")
UA_CONSOLE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
UA_S3CONSOLE = ("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.660 Linux/5.10.213-180.872.amzn2int.x86_64 "
                "OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 vendor/Oracle_Corporation cfg/retry-mode/standard]")

BUCKET_STEMS = ["data-lake-raw", "data-lake-curated", "app-assets", "ml-training", "backups",
                "athena-results", "reports-export", "artifacts", "static-site", "config-snapshots"]
KEY_PREFIXES = [("raw/events", "part-%05d-%s.snappy.parquet"), ("curated/orders", "orders-%05d-%s.parquet"),
                ("images/catalog", "sku-%05d-%s.jpg"), ("exports/daily", "export-%05d-%s.csv.gz"),
                ("models/checkpoints", "ckpt-%05d-%s.bin"), ("logs/app", "app-%05d-%s.log.gz"),
                ("tmp/athena", "%05d-%s.csv")]
ROLE_WORKLOADS = ["etl-glue-job-role", "orders-api-task-role", "ingest-lambda-role", "reporting-batch-role",
                  "eks-node-group-role", "ml-sagemaker-exec-role", "datadog-integration-role"]
LAMBDA_FUNCS = ["orders-webhook", "thumbnailer", "nightly-export", "slack-notifier", "auth-token-refresh",
                "invoice-pdf-render", "s3-event-router"]
DDB_TABLES = ["orders", "sessions", "feature-flags", "inventory", "idempotency-keys"]
SSM_PARAMS = ["/app/prod/db/host", "/app/prod/feature/new-checkout", "/platform/datadog/api-key",
              "/app/prod/redis/endpoint", "/ci/github/token"]
METRIC_NS = ["Orders/API", "ETL/Glue", "Custom/Queue", "CWAgent"]
SERVICES_ASSUMING = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com",
                     "glue.amazonaws.com", "sagemaker.amazonaws.com"]
INSTANCE_TYPES = ["m6i.large", "c6g.xlarge", "t3.medium", "r6i.2xlarge", "m7g.large"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _uuid4(rng):
    n = rng.getrandbits(128)
    h = "%032x" % n
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[n & 3], h[17:20], h[20:])


def _rand(rng, alphabet, k):
    return "".join(rng.choices(alphabet, k=k))


def _b64(rng, n):
    return base64.b64encode(rng.randbytes(n)).decode("ascii")


def _iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _expiration(ts):
    t = time.gmtime(ts)
    h = t.tm_hour % 12 or 12
    return "%s %d, %d, %d:%02d:%02d %s" % (MONTHS[t.tm_mon - 1], t.tm_mday, t.tm_year, h, t.tm_min, t.tm_sec,
                                           "AM" if t.tm_hour < 12 else "PM")


def _tls(host):
    return {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": host}


# --------------------------------------------------------------------------------------------
# Template compiler: a dict with "@name@" inside strings and "#name#" as raw whole values
# becomes a %-format string and a tuple of field names.
# --------------------------------------------------------------------------------------------
_PH = re.compile(r'"#(\w+)#"|@(\w+)@')


def compile_template(tpl):
    text = json.dumps(tpl, separators=(",", ":"))
    names = []
    out = []
    pos = 0
    for m in _PH.finditer(text):
        out.append(text[pos:m.start()].replace("%", "%%"))
        out.append("%s")
        names.append(m.group(1) or m.group(2))
        pos = m.end()
    out.append(text[pos:].replace("%", "%%"))
    return "".join(out), tuple(names)


def _base(source, name, rp, resp, *, version="1.08", read_only=True, category="Management",
          mgmt=True, add_data=None, resources=None, rid="@rid@", tls_host=None, error=None, extra=None,
          ip="@ip@", ua="@ua@"):
    d = {"eventVersion": version, "userIdentity": "#ident#", "eventTime": "@time@", "eventSource": source,
         "eventName": name, "awsRegion": "@region@", "sourceIPAddress": ip, "userAgent": ua}
    if error:
        d["errorCode"], d["errorMessage"] = error
    d["requestParameters"] = rp
    d["responseElements"] = resp
    if add_data is not None:
        d["additionalEventData"] = add_data
    d["requestID"] = rid
    d["eventID"] = "@eid@"
    d["readOnly"] = read_only
    if resources is not None:
        d["resources"] = resources
    d["eventType"] = "AwsApiCall"
    d["managementEvent"] = mgmt
    d["recipientAccountId"] = "@acct@"
    if extra:
        d.update(extra)
    d["eventCategory"] = category
    if tls_host:
        d["tlsDetails"] = _tls(tls_host)
    return d


S3_HOST = "@bucket@.s3.@region@.amazonaws.com"


def _s3_data(name, read_only, rp_extra=None, resp=None, add_extra=None, error=None):
    rp = {"bucketName": "@bucket@", "Host": S3_HOST, "key": "@key@"}
    if rp_extra:
        rp.update(rp_extra)
    add = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": "#bin#",
           "SSEApplied": "SSE_KMS", "AuthenticationMethod": "AuthHeader", "x-amz-id-2": "@amzid2@",
           "bytesTransferredOut": "#bout#"}
    if add_extra:
        add.update(add_extra)
    res = [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::@bucket@/@key@"},
           {"accountId": "@acct@", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::@bucket@"}]
    return _base("s3.amazonaws.com", name, rp, resp, version="1.09", read_only=read_only, category="Data",
                 mgmt=False, add_data=add, resources=res, rid="@s3rid@", tls_host=S3_HOST, error=error,
                 extra={"vpcEndpointId": "@vpce@"})


# Each entry: (weight, kind, template dict).  "kind" selects the field filler.
def _templates():
    T = []
    T.append((0.200, "s3", _s3_data("GetObject", True)))
    T.append((0.012, "s3", _s3_data("GetObject", True, error=("NoSuchKey", "The specified key does not exist."))))
    T.append((0.006, "s3", _s3_data("GetObject", True, error=("AccessDenied", "Access Denied"))))
    T.append((0.070, "s3", _s3_data(
        "PutObject", False,
        rp_extra={"x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id":
                  "arn:aws:kms:@region@:@acct@:key/@kmskey@", "x-amz-checksum-crc32": "@crc@"},
        resp={"x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:@region@:@acct@:key/@kmskey@",
              "x-amz-server-side-encryption": "aws:kms", "x-amz-version-id": "@verid@"})))
    T.append((0.080, "s3", _s3_data("HeadObject", True)))
    T.append((0.030, "s3", _base(
        "s3.amazonaws.com", "ListObjects",
        {"list-type": "2", "bucketName": "@bucket@", "encoding-type": "url", "max-keys": "1000",
         "prefix": "@prefix@/", "Host": S3_HOST},
        None, version="1.09", category="Data", mgmt=False,
        add_data={"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
                  "AuthenticationMethod": "AuthHeader", "x-amz-id-2": "@amzid2@", "bytesTransferredOut": "#bout#"},
        resources=[{"type": "AWS::S3::Object", "ARNPrefix": "arn:aws:s3:::@bucket@/@prefix@/"},
                   {"accountId": "@acct@", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::@bucket@"}],
        rid="@s3rid@", tls_host=S3_HOST)))
    T.append((0.030, "s3", _base(
        "s3.amazonaws.com", "GetBucketAcl", {"bucketName": "@bucket@", "Host": S3_HOST, "acl": ""}, None,
        add_data={"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
                  "AuthenticationMethod": "AuthHeader", "x-amz-id-2": "@amzid2@", "bytesTransferredOut": 540},
        resources=[{"accountId": "@acct@", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::@bucket@"}],
        rid="@s3rid@", tls_host=S3_HOST)))
    # STS
    T.append((0.055, "assume_svc", _base(
        "sts.amazonaws.com", "AssumeRole",
        {"roleArn": "arn:aws:iam::@acct@:role/@role@", "roleSessionName": "@sess@"},
        {"credentials": {"accessKeyId": "@akid@", "sessionToken": "@token@", "expiration": "@exp@"},
         "assumedRoleUser": {"assumedRoleId": "@roleid@:@sess@",
                             "arn": "arn:aws:sts::@acct@:assumed-role/@role@/@sess@"}},
        resources=[{"accountId": "@acct@", "type": "AWS::IAM::Role", "ARN": "arn:aws:iam::@acct@:role/@role@"}],
        extra={"sharedEventID": "@eid2@"}, ip="@svc@", ua="@svc@")))
    T.append((0.025, "assume_user", _base(
        "sts.amazonaws.com", "AssumeRole",
        {"roleArn": "arn:aws:iam::@acct@:role/@role@", "roleSessionName": "@sess@", "durationSeconds": 3600},
        {"credentials": {"accessKeyId": "@akid@", "sessionToken": "@token@", "expiration": "@exp@"},
         "assumedRoleUser": {"assumedRoleId": "@roleid@:@sess@",
                             "arn": "arn:aws:sts::@acct@:assumed-role/@role@/@sess@"}},
        resources=[{"accountId": "@acct@", "type": "AWS::IAM::Role", "ARN": "arn:aws:iam::@acct@:role/@role@"}],
        tls_host="sts.@region@.amazonaws.com")))
    T.append((0.010, "assume_web", _base(
        "sts.amazonaws.com", "AssumeRoleWithWebIdentity",
        {"roleArn": "arn:aws:iam::@acct@:role/@role@", "roleSessionName": "@sess@", "durationSeconds": 3600},
        {"credentials": {"accessKeyId": "@akid@", "sessionToken": "@token@", "expiration": "@exp@"},
         "subjectFromWebIdentityToken": "system:serviceaccount:payments:orders-api",
         "assumedRoleUser": {"assumedRoleId": "@roleid@:@sess@",
                             "arn": "arn:aws:sts::@acct@:assumed-role/@role@/@sess@"},
         "provider": "arn:aws:iam::@acct@:oidc-provider/oidc.eks.@region@.amazonaws.com/id/5C0E1D2F3A4B5C6D7E8F9A0B1C2D3E4F",
         "audience": "sts.amazonaws.com"},
        resources=[{"accountId": "@acct@", "type": "AWS::IAM::Role", "ARN": "arn:aws:iam::@acct@:role/@role@"}],
        tls_host="sts.@region@.amazonaws.com")))
    T.append((0.020, "plain", _base("sts.amazonaws.com", "GetCallerIdentity", None, None,
                                    tls_host="sts.@region@.amazonaws.com")))
    # KMS
    T.append((0.090, "kms", _base(
        "kms.amazonaws.com", "Decrypt",
        {"encryptionContext": {"aws:s3:arn": "arn:aws:s3:::@bucket@/@key@"}, "encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
        None, resources=[{"accountId": "@acct@", "type": "AWS::KMS::Key",
                          "ARN": "arn:aws:kms:@region@:@acct@:key/@kmskey@"}],
        ip="s3.amazonaws.com", ua="s3.amazonaws.com")))
    T.append((0.040, "kms", _base(
        "kms.amazonaws.com", "GenerateDataKey",
        {"encryptionContext": {"aws:s3:arn": "arn:aws:s3:::@bucket@/@key@"}, "keySpec": "AES_256",
         "keyId": "arn:aws:kms:@region@:@acct@:key/@kmskey@"},
        None, resources=[{"accountId": "@acct@", "type": "AWS::KMS::Key",
                          "ARN": "arn:aws:kms:@region@:@acct@:key/@kmskey@"}],
        ip="s3.amazonaws.com", ua="s3.amazonaws.com")))
    T.append((0.015, "kms", _base(
        "kms.amazonaws.com", "Decrypt",
        {"encryptionContext": {"SecretARN": "arn:aws:secretsmanager:@region@:@acct@:secret:prod/orders/db-@sfx@",
                               "SecretVersionId": "@eid2@"}, "encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
        None, resources=[{"accountId": "@acct@", "type": "AWS::KMS::Key",
                          "ARN": "arn:aws:kms:@region@:@acct@:key/@kmskey@"}],
        ip="secretsmanager.amazonaws.com", ua="secretsmanager.amazonaws.com")))
    # EC2 describes
    T.append((0.030, "ec2", _base(
        "ec2.amazonaws.com", "DescribeInstances",
        {"instancesSet": {}, "filterSet": {"items": [
            {"name": "tag:aws:autoscaling:groupName", "valueSet": {"items": [{"value": "@asg@"}]}},
            {"name": "instance-state-name", "valueSet": {"items": [{"value": "running"}, {"value": "pending"}]}}]}},
        None, version="1.09", tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.020, "ec2", _base(
        "ec2.amazonaws.com", "DescribeSecurityGroups",
        {"securityGroupSet": {}, "securityGroupIdSet": {"items": [{"groupId": "@sg@"}]}, "filterSet": {}},
        None, version="1.09", tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.015, "ec2", _base(
        "ec2.amazonaws.com", "DescribeVolumes",
        {"volumeSet": {}, "filterSet": {"items": [{"name": "attachment.instance-id",
                                                   "valueSet": {"items": [{"value": "@inst@"}]}}]}},
        None, version="1.09", tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.010, "ec2", _base(
        "ec2.amazonaws.com", "DescribeSnapshots",
        {"snapshotSet": {}, "ownersSet": {"items": [{"owner": "self"}]}, "restorableBySet": {},
         "filterSet": {"items": [{"name": "tag:backup-plan", "valueSet": {"items": [{"value": "daily-35d"}]}}]},
         "maxResults": 1000},
        None, version="1.09", tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.010, "ec2", _base(
        "ec2.amazonaws.com", "DescribeImages",
        {"executableBySet": {}, "imagesSet": {}, "ownersSet": {"items": [{"owner": "self"}]},
         "filterSet": {"items": [{"name": "name", "valueSet": {"items": [{"value": "golden-al2023-*"}]}}]}},
        None, version="1.09", tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.012, "ec2", _base(
        "ec2.amazonaws.com", "DescribeNetworkInterfaces",
        {"networkInterfaceIdSet": {}, "filterSet": {"items": [{"name": "vpc-id", "valueSet": {"items": [{"value": "@vpc@"}]}},
                                                              {"name": "status", "valueSet": {"items": [{"value": "in-use"}]}}]}},
        None, version="1.09", tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.008, "ec2", _base(
        "ec2.amazonaws.com", "DescribeInstances", {"instancesSet": {}, "filterSet": {}}, None, version="1.09",
        error=("Client.UnauthorizedOperation", "You are not authorized to perform this operation. User: @arn@ is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action"),
        tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.005, "ec2", _base(
        "ec2.amazonaws.com", "CreateTags",
        {"resourcesSet": {"items": [{"resourceId": "@inst@"}]},
         "tagSet": {"items": [{"key": "Name", "value": "@asg@"}, {"key": "cost-center", "value": "cc-4410"}]}},
        {"requestId": "@rid@", "_return": True}, version="1.09", read_only=False,
        tls_host="ec2.@region@.amazonaws.com")))
    T.append((0.002, "ec2", _base(
        "ec2.amazonaws.com", "RunInstances",
        {"instancesSet": {"items": [{"imageId": "@ami@", "minCount": 1, "maxCount": 1}]}, "instanceType": "@itype@",
         "blockDeviceMapping": {}, "monitoring": {"enabled": False}, "disableApiTermination": False,
         "disableApiStop": False, "clientToken": "@eid2@",
         "launchTemplate": {"launchTemplateId": "lt-0c1d2e3f4a5b6c7d8", "version": "$Latest"},
         "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2}},
        {"requestId": "@rid@", "reservationId": "r-@hex17@", "ownerId": "@acct@", "groupSet": {},
         "instancesSet": {"items": [{"instanceId": "@inst@", "imageId": "@ami@", "currentInstanceBootMode": "uefi",
                                     "instanceState": {"code": 0, "name": "pending"}, "privateDnsName": "ip-@ipdash@.ec2.internal",
                                     "amiLaunchIndex": 0, "productCodes": {}, "instanceType": "@itype@",
                                     "launchTime": 1714521600000, "placement": {"availabilityZone": "@region@a", "tenancy": "default"},
                                     "monitoring": {"state": "disabled"}, "subnetId": "subnet-0a1b2c3d4e5f60718",
                                     "vpcId": "@vpc@", "privateIpAddress": "@ip@", "stateReason": {"code": "pending", "message": "pending"},
                                     "architecture": "x86_64", "rootDeviceType": "ebs", "rootDeviceName": "/dev/xvda",
                                     "blockDeviceMapping": {}, "virtualizationType": "hvm", "hypervisor": "xen",
                                     "groupSet": {"items": [{"groupId": "@sg@", "groupName": "app-nodes"}]},
                                     "sourceDestCheck": True, "networkInterfaceSet": {}, "ebsOptimized": False,
                                     "enaSupport": True, "cpuOptions": {"coreCount": 1, "threadsPerCore": 2},
                                     "capacityReservationSpecification": {"capacityReservationPreference": "open"},
                                     "enclaveOptions": {"enabled": False},
                                     "metadataOptions": {"state": "pending", "httpTokens": "required", "httpPutResponseHopLimit": 2,
                                                         "httpEndpoint": "enabled", "httpProtocolIpv4": "enabled"},
                                     "maintenanceOptions": {"autoRecovery": "default"}}]}},
        version="1.09", read_only=False, tls_host="ec2.@region@.amazonaws.com")))
    # CloudWatch / logs
    T.append((0.030, "cw", _base(
        "monitoring.amazonaws.com", "PutMetricData",
        {"namespace": "@ns@", "metricData": [
            {"metricName": "Latency", "dimensions": [{"name": "Service", "value": "@asg@"}], "value": "#mval#", "unit": "Milliseconds"},
            {"metricName": "RequestCount", "dimensions": [{"name": "Service", "value": "@asg@"}], "value": 1.0, "unit": "Count"}]},
        None, version="1.09", read_only=False, category="Data", mgmt=False,
        tls_host="monitoring.@region@.amazonaws.com")))
    T.append((0.025, "logs", _base(
        "logs.amazonaws.com", "CreateLogStream",
        {"logGroupName": "/aws/lambda/@func@", "logStreamName": "2024/05/01/[$LATEST]@hex32@"},
        None, version="1.09", read_only=False, tls_host="logs.@region@.amazonaws.com")))
    # Lambda / DynamoDB data events
    T.append((0.040, "lambda", _base(
        "lambda.amazonaws.com", "Invoke",
        {"functionName": "arn:aws:lambda:@region@:@acct@:function:@func@", "invocationType": "Event",
         "sourceArn": "arn:aws:s3:::@bucket@"},
        None, version="1.09", read_only=False, category="Data", mgmt=False,
        add_data={"functionVersion": "arn:aws:lambda:@region@:@acct@:function:@func@:$LATEST"},
        resources=[{"accountId": "@acct@", "type": "AWS::Lambda::Function",
                    "ARN": "arn:aws:lambda:@region@:@acct@:function:@func@"}],
        extra={"sharedEventID": "@eid2@"}, ip="s3.amazonaws.com", ua="s3.amazonaws.com")))
    T.append((0.050, "ddb", _base(
        "dynamodb.amazonaws.com", "GetItem",
        {"tableName": "@table@", "key": {"pk": "ORDER#@hex17@", "sk": "META"}, "consistentRead": False,
         "projectionExpression": "#s, updatedAt, total", "expressionAttributeNames": {"#s": "status"}},
        None, version="1.09", category="Data", mgmt=False,
        resources=[{"accountId": "@acct@", "type": "AWS::DynamoDB::Table",
                    "ARN": "arn:aws:dynamodb:@region@:@acct@:table/@table@"}],
        tls_host="dynamodb.@region@.amazonaws.com")))
    T.append((0.020, "ddb", _base(
        "dynamodb.amazonaws.com", "PutItem",
        {"tableName": "@table@", "key": {"pk": "ORDER#@hex17@", "sk": "META"}, "conditionExpression": "attribute_not_exists(pk)"},
        None, version="1.09", read_only=False, category="Data", mgmt=False,
        resources=[{"accountId": "@acct@", "type": "AWS::DynamoDB::Table",
                    "ARN": "arn:aws:dynamodb:@region@:@acct@:table/@table@"}],
        tls_host="dynamodb.@region@.amazonaws.com")))
    # SSM / Secrets / ECR / IAM / ELB / Config
    T.append((0.020, "ssm", _base(
        "ssm.amazonaws.com", "GetParameter", {"name": "@param@", "withDecryption": True}, None,
        tls_host="ssm.@region@.amazonaws.com")))
    T.append((0.015, "plain", _base(
        "secretsmanager.amazonaws.com", "GetSecretValue",
        {"secretId": "arn:aws:secretsmanager:@region@:@acct@:secret:prod/orders/db-@sfx@"}, None,
        tls_host="secretsmanager.@region@.amazonaws.com")))
    T.append((0.010, "plain", _base(
        "ecr.amazonaws.com", "GetAuthorizationToken", {"registryIds": ["@acct@"]}, None,
        tls_host="api.ecr.@region@.amazonaws.com")))
    T.append((0.015, "iam", _base(
        "iam.amazonaws.com", "GetRole", {"roleName": "@role@"}, None, tls_host="iam.amazonaws.com")))
    T.append((0.008, "iam", _base(
        "iam.amazonaws.com", "ListAttachedRolePolicies", {"roleName": "@role@", "maxItems": 100}, None,
        tls_host="iam.amazonaws.com")))
    T.append((0.020, "plain", _base(
        "elasticloadbalancing.amazonaws.com", "DescribeTargetHealth",
        {"targetGroupArn": "arn:aws:elasticloadbalancing:@region@:@acct@:targetgroup/orders-api-tg/9f2c4e1a7b3d5c60"}, None,
        version="1.09", tls_host="elasticloadbalancing.@region@.amazonaws.com")))
    T.append((0.010, "s3", _base(
        "s3.amazonaws.com", "GetBucketVersioning", {"bucketName": "@bucket@", "Host": S3_HOST, "versioning": ""}, None,
        add_data={"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 0,
                  "AuthenticationMethod": "AuthHeader", "x-amz-id-2": "@amzid2@", "bytesTransferredOut": 137},
        resources=[{"accountId": "@acct@", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::@bucket@"}],
        rid="@s3rid@", ip="config.amazonaws.com", ua="config.amazonaws.com")))
    T.append((0.001, "login", _base(
        "signin.amazonaws.com", "ConsoleLogin", None, {"ConsoleLogin": "Success"}, version="1.09",
        read_only=False, add_data={"LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
                                   "MobileVersion": "No", "MFAIdentifier": "arn:aws:iam::@acct@:mfa/@uname@", "MFAUsed": "Yes"},
        tls_host="signin.aws.amazon.com")))
    return T


# --------------------------------------------------------------------------------------------
# Per-file context: identities, buckets, keys...
# --------------------------------------------------------------------------------------------
class FileCtx:
    def __init__(self, rng, acct, region, t_end):
        self.rng = rng
        self.acct = acct
        self.region = region
        self.buckets = ["acme-%s-%s-%s" % (s, acct[-4:], region) for s in BUCKET_STEMS]
        self.kms_keys = [_uuid4(random.Random(acct + region + str(i))) for i in range(4)]
        self.vpce = "vpce-0%s" % random.Random(acct + region).getrandbits(64).__format__("016x")[:16]
        # identities
        self.identities = []    # (json text, dict, ip, ua)
        for i in range(24):
            self.identities.append(self._identity(t_end, i))
        self.svc_identities = [self._svc_identity(s) for s in SERVICES_ASSUMING]

    def _identity(self, t_end, i):
        rng, acct = self.rng, self.acct
        r = rng.random()
        if r < 0.30:
            uname = rng.choice(["svc-jenkins", "svc-airflow", "svc-backup", "svc-metrics"])
            d = {"type": "IAMUser", "principalId": "AIDA" + _rand(rng, ALNUM_UP, 17),
                 "arn": "arn:aws:iam::%s:user/%s" % (acct, uname), "accountId": acct,
                 "accessKeyId": "AKIA" + _rand(rng, ALNUM_UP, 16), "userName": uname}
            ip = "%d.%d.%d.%d" % (rng.choice([52, 54, 3, 18]), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
            ua = rng.choice(UAS_SDK)
        else:
            if r < 0.38:
                role = "AWSReservedSSO_PlatformEngineer_%s" % _rand(rng, HEX, 16)
                sess = rng.choice(["j.ortiz@acme.example", "p.sharma@acme.example", "l.chen@acme.example"])
                ua = rng.choice([UA_CONSOLE, UA_CLI % "s3.ls", UA_TF])
                ip = "203.0.113.%d" % rng.randrange(2, 250)
            else:
                role = rng.choice(ROLE_WORKLOADS)
                sess = rng.choice(["i-0%s" % _rand(rng, HEX, 16), "botocore-session-%d" % rng.randrange(1700000000, 1715000000),
                                   "aws-go-sdk-%d" % rng.randrange(10 ** 18, 2 * 10 ** 18)])
                ua = rng.choice(UAS_SDK)
                ip = "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
            rid = "AROA" + _rand(rng, ALNUM_UP, 17)
            d = {"type": "AssumedRole", "principalId": "%s:%s" % (rid, sess),
                 "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (acct, role, sess), "accountId": acct,
                 "accessKeyId": "ASIA" + _rand(rng, ALNUM_UP, 16),
                 "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": rid,
                                                      "arn": "arn:aws:iam::%s:role/%s" % (acct, role),
                                                      "accountId": acct, "userName": role},
                                    "webIdFederationData": {},
                                    "attributes": {"creationDate": _iso(t_end - rng.randrange(600, 3500)),
                                                   "mfaAuthenticated": "false"}}}
            if role.startswith("AWSReserved"):
                d["principalId"] = "%s:%s" % (rid, sess)
            elif sess.startswith("i-0"):
                d["sessionContext"]["ec2RoleDelivery"] = "2.0"
        return json.dumps(d, separators=(",", ":")), d, ip, ua

    @staticmethod
    def invoked_by(ident_json, svc):
        return ident_json[:-1] + ',"invokedBy":"%s"}' % svc

    def _svc_identity(self, svc):
        d = {"type": "AWSService", "invokedBy": svc}
        return json.dumps(d, separators=(",", ":")), d, svc, svc


TEMPLATES = None
PICK = None


def _init_templates():
    global TEMPLATES, PICK
    if TEMPLATES is not None:
        return
    raw = _templates()
    TEMPLATES = []
    for w, kind, tpl in raw:
        fmt, names = compile_template(tpl)
        TEMPLATES.append((kind, fmt, names))
    total = sum(w for w, _, _ in raw)
    PICK = []
    for i, (w, _, _) in enumerate(raw):
        PICK.extend([i] * max(1, round(w / total * 4096)))


def _fill_noise(ctx, kind, names, common):
    rng = ctx.rng
    v = common
    if kind in ("s3", "kms"):
        b = rng.choice(ctx.buckets)
        prefix, pat = rng.choice(KEY_PREFIXES)
        v["bucket"] = b
        v["prefix"] = prefix
        v["key"] = "%s/2024/05/%02d/%s" % (prefix, rng.randrange(1, 29), pat % (rng.randrange(100000), _rand(rng, HEX, 12)))
        v["kmskey"] = rng.choice(ctx.kms_keys)
        if kind == "kms":
            v["ident"] = FileCtx.invoked_by(v["ident"], "secretsmanager.amazonaws.com" if "sfx" in names else "s3.amazonaws.com")
        if "eid2" in names:
            v["eid2"] = _uuid4(rng)
        if "s3rid" in names:
            v["s3rid"] = _rand(rng, ALNUM_UP, 16)
            v["amzid2"] = _b64(rng, 57)
            v["bin"] = str(rng.randrange(0, 4_000_000)) if "crc" in names else "0"
            v["bout"] = str(rng.randrange(200, 8_000_000))
            v["vpce"] = ctx.vpce
            v["crc"] = _b64(rng, 4)
            v["verid"] = _rand(rng, ALNUM, 32)
    elif kind.startswith("assume"):
        if kind == "assume_svc":
            svc = rng.choice(ctx.svc_identities)
            v["ident"], v["svc"] = svc[0], svc[2]
        v["role"] = rng.choice(ROLE_WORKLOADS)
        v["sess"] = rng.choice(["i-0%s" % _rand(rng, HEX, 16), "%d" % rng.randrange(10 ** 18, 2 * 10 ** 18),
                                "botocore-session-%d" % rng.randrange(1700000000, 1715000000)])
        v["akid"] = "ASIA" + _rand(rng, ALNUM_UP, 16)
        v["token"] = "IQoJb3JpZ2luX2Vj" + _b64(rng, rng.randrange(560, 760))
        v["exp"] = _expiration(ctx.now + 3600)
        v["roleid"] = "AROA" + _rand(rng, ALNUM_UP, 17)
        v["eid2"] = _uuid4(rng)
    elif kind == "ec2":
        v["asg"] = rng.choice(["orders-api-asg", "workers-asg", "bastion", "eks-nodes-general"])
        v["sg"] = "sg-0" + _rand(rng, HEX, 16)
        v["inst"] = "i-0" + _rand(rng, HEX, 16)
        v["vpc"] = "vpc-0" + _rand(rng, HEX, 16)
        v["ami"] = "ami-0" + _rand(rng, HEX, 16)
        v["itype"] = rng.choice(INSTANCE_TYPES)
        v["hex17"] = _rand(rng, HEX, 17)
        v["ipdash"] = v["ip"].replace(".", "-")
        v["eid2"] = _uuid4(rng)
        v["arn"] = common["arn"]
    elif kind == "cw":
        v["ns"] = rng.choice(METRIC_NS)
        v["asg"] = rng.choice(["orders-api", "checkout", "ingest"])
        v["mval"] = "%.1f" % (rng.random() * 250)
    elif kind == "logs":
        v["func"] = rng.choice(LAMBDA_FUNCS)
        v["hex32"] = _rand(rng, HEX, 32)
    elif kind == "lambda":
        v["func"] = rng.choice(LAMBDA_FUNCS)
        v["bucket"] = rng.choice(ctx.buckets)
        v["eid2"] = _uuid4(rng)
        svc = ctx.svc_identities[0]
        v["ident"] = svc[0]
    elif kind == "ddb":
        v["table"] = rng.choice(DDB_TABLES)
        v["hex17"] = _rand(rng, HEX, 17)
    elif kind == "ssm":
        v["param"] = rng.choice(SSM_PARAMS)
    elif kind == "iam":
        v["role"] = rng.choice(ROLE_WORKLOADS)
    elif kind == "login":
        v["uname"] = "admin-" + _rand(rng, HEX, 4)
        v["ua"] = UA_CONSOLE
    if "sfx" in names:
        v["sfx"] = "Xk3p9Q"
    return v


# --------------------------------------------------------------------------------------------
# Sharing events
# --------------------------------------------------------------------------------------------
def _share_record(ctx, ident, ip, ua, t_iso):
    """Build one sharing-related event as a dict (any of the rule's APIs, shares and non-shares)."""
    rng, acct, region = ctx.rng, ctx.acct, ctx.region
    other_org = [a for a, _ in ACCOUNTS if a != acct][0]

    def grantee():
        r = rng.random()
        if r < 0.55:
            return rng.choice(EXTERNAL_ACCOUNTS)
        if r < 0.80:
            return rng.choice(VENDOR_ACCOUNTS)
        if r < 0.92:
            return other_org
        return acct                                   # own account: filtered by the rule

    k = rng.random()
    error = None
    if rng.random() < 0.10:
        error = "AccessDenied"
    eid = _uuid4(rng)
    rid = _uuid4(rng)
    rp = resp = None
    add_data = resources = None
    version = "1.09"
    tls = None
    if k < 0.36:                                           # EC2 AMI / snapshot permissions
        ami = k < 0.20
        src, host = "ec2.amazonaws.com", "ec2.%s.amazonaws.com" % region
        name = "ModifyImageAttribute" if ami else "ModifySnapshotAttribute"
        attr = "launchPermission" if ami else "createVolumePermission"
        rid_key = "imageId" if ami else "snapshotId"
        res_id = ("ami-0" if ami else "snap-0") + _rand(rng, HEX, 16)
        sub = rng.random()
        if sub < 0.62:
            perm = {"add": {"items": [{"userId": grantee()} for _ in range(rng.choice([1, 1, 1, 2, 3]))]}}
        elif sub < 0.72:
            perm = {"add": {"items": [{"group": "all"}]}}
        elif sub < 0.84:
            perm = {"remove": {"items": [{"userId": grantee()}]}}
        elif sub < 0.92:
            perm = {"add": {"items": [{"userId": grantee()}]}, "remove": {"items": [{"userId": grantee()}]}}
        else:
            perm = None
        if ami:
            rp = {"imageId": res_id, "attributeType": "launchPermission"}
            if perm is None:
                rp = {"imageId": res_id, "attributeType": "description", "description": {"value": "golden image 2024-05"}}
        else:
            rp = {"snapshotId": res_id, "attributeType": "CREATE_VOLUME_PERMISSION"}
            if perm is None:
                perm = {"remove": {"items": [{"group": "all"}]}}
        if perm is not None:
            rp[attr] = perm
        if error:
            error = "Client.UnauthorizedOperation"
        else:
            resp = {"requestId": rid, "_return": True}
        tls = host
    elif k < 0.50:                                         # RDS snapshot attribute
        src, host = "rds.amazonaws.com", "rds.%s.amazonaws.com" % region
        name = "ModifyDBSnapshotAttribute"
        version = "1.08"
        snap = "%s-%s" % (rng.choice(["orders-db", "billing-db", "analytics-pg"]), "2024-05-0%d" % rng.randrange(1, 10))
        sub = rng.random()
        rp = {"dBSnapshotIdentifier": snap, "attributeName": "restore"}
        if sub < 0.70:
            vals = [grantee() for _ in range(rng.choice([1, 1, 2]))]
            rp["valuesToAdd"] = vals
        elif sub < 0.80:
            vals = ["all"]
            rp["valuesToAdd"] = vals
        else:
            vals = []
            rp["valuesToRemove"] = [grantee()]
        if not error:
            resp = {"dBSnapshotIdentifier": snap,
                    "dBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": vals}]}
        tls = host
    elif k < 0.82:                                         # S3 bucket policy
        src = "s3.amazonaws.com"
        name = "PutBucketPolicy"
        bucket = rng.choice(ctx.buckets)
        host = "%s.s3.%s.amazonaws.com" % (bucket, region)
        stmts = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            st = rng.random()
            if st < 0.30:
                g = grantee()
                pa = rng.choice(["arn:aws:iam::%s:root" % g, g, "arn:aws:iam::%s:role/backup-reader" % g])
                stmts.append({"Sid": "CrossAccountRead", "Effect": "Allow", "Principal": {"AWS": pa},
                              "Action": ["s3:GetObject", "s3:ListBucket"],
                              "Resource": ["arn:aws:s3:::%s" % bucket, "arn:aws:s3:::%s/*" % bucket]})
            elif st < 0.45:
                stmts.append({"Sid": "ReplicationAccess", "Effect": "Allow",
                              "Principal": {"AWS": ["arn:aws:iam::%s:root" % grantee(),
                                                    "arn:aws:iam::%s:role/s3-replication" % grantee()]},
                              "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:GetObjectVersionForReplication"],
                              "Resource": "arn:aws:s3:::%s/*" % bucket})
            elif st < 0.55:
                stmts.append({"Sid": "PublicRead", "Effect": "Allow",
                              "Principal": rng.choice(["*", {"AWS": "*"}, {"AWS": ["*"]}]),
                              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::%s/*" % bucket})
            elif st < 0.70:
                stmts.append({"Sid": "AWSLogDeliveryWrite", "Effect": "Allow",
                              "Principal": {"Service": rng.choice(["delivery.logs.amazonaws.com", "cloudtrail.amazonaws.com",
                                                                   "logging.s3.amazonaws.com"])},
                              "Action": "s3:PutObject", "Resource": "arn:aws:s3:::%s/AWSLogs/%s/*" % (bucket, acct),
                              "Condition": {"StringEquals": {"aws:SourceAccount": acct}}})
            elif st < 0.80:
                stmts.append({"Sid": "AppRoleAccess", "Effect": "Allow",
                              "Principal": {"AWS": "arn:aws:iam::%s:role/%s" % (acct, rng.choice(ROLE_WORKLOADS))},
                              "Action": "s3:*", "Resource": "arn:aws:s3:::%s/*" % bucket})
            elif st < 0.88:
                stmts.append({"Sid": "OAIRead", "Effect": "Allow",
                              "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E%s" % _rand(rng, ALNUM_UP, 13)},
                              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::%s/*" % bucket})
            else:
                stmts.append({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                              "Resource": ["arn:aws:s3:::%s" % bucket, "arn:aws:s3:::%s/*" % bucket],
                              "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
        statement = stmts if (len(stmts) > 1 or rng.random() < 0.85) else stmts[0]   # sometimes one bare object
        rp = {"bucketPolicy": {"Version": "2012-10-17", "Statement": statement}, "bucketName": bucket,
              "Host": host, "policy": ""}
        add_data = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": 412,
                    "AuthenticationMethod": "AuthHeader", "x-amz-id-2": _b64(rng, 57), "bytesTransferredOut": 0}
        resources = [{"accountId": acct, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::%s" % bucket}]
        rid = _rand(rng, ALNUM_UP, 16)
        version = "1.09"
        tls = host
        if error:
            error = "AccessDenied"
    else:                                                  # Lambda AddPermission
        src = "lambda.amazonaws.com"
        name = "AddPermission20150331v2"
        version = "1.08"
        func = rng.choice(LAMBDA_FUNCS)
        r = rng.random()
        if r < 0.35:
            principal = grantee()
        elif r < 0.45:
            principal = "arn:aws:iam::%s:root" % grantee()
        elif r < 0.60:
            principal = "*"
        else:
            principal = rng.choice(["s3.amazonaws.com", "events.amazonaws.com", "apigateway.amazonaws.com",
                                    "sns.amazonaws.com", "elasticloadbalancing.amazonaws.com"])
        action = "lambda:InvokeFunction" if rng.random() < 0.80 else rng.choice(
            ["lambda:GetFunction", "lambda:InvokeFunctionUrl", "lambda:*"])
        rp = {"functionName": func, "statementId": "sid-%s" % _rand(rng, HEX, 8), "action": action,
              "principal": principal}
        if principal.endswith(".amazonaws.com"):
            rp["sourceAccount"] = acct
            rp["sourceArn"] = "arn:aws:s3:::%s" % rng.choice(ctx.buckets)
        if action == "lambda:InvokeFunctionUrl":
            rp["functionUrlAuthType"] = rng.choice(["NONE", "AWS_IAM"])
        if not error:
            stmt = {"Sid": rp["statementId"], "Effect": "Allow",
                    "Principal": principal if principal == "*" else (
                        {"Service": principal} if principal.endswith(".amazonaws.com") else
                        {"AWS": principal if principal.startswith("arn:") else "arn:aws:iam::%s:root" % principal}),
                    "Action": action, "Resource": "arn:aws:lambda:%s:%s:function:%s" % (region, acct, func)}
            resp = {"statement": json.dumps(stmt, separators=(",", ":"))}
        tls = "lambda.%s.amazonaws.com" % region
        if error:
            error = "AccessDeniedException"

    d = {"eventVersion": version, "userIdentity": ident, "eventTime": t_iso, "eventSource": src,
         "eventName": name, "awsRegion": region, "sourceIPAddress": ip, "userAgent": ua}
    if error:
        d["errorCode"] = error
        d["errorMessage"] = ("User: %s is not authorized to perform: %s:%s because no identity-based policy allows the action"
                             % (ident.get("arn"), src.split(".")[0], name.replace("20150331v2", "")))
        resp = None
    d["requestParameters"] = rp
    d["responseElements"] = resp
    if add_data is not None:
        d["additionalEventData"] = add_data
    d["requestID"] = rid
    d["eventID"] = eid
    d["readOnly"] = False
    if resources is not None:
        d["resources"] = resources
    d["eventType"] = "AwsApiCall"
    d["managementEvent"] = True
    d["recipientAccountId"] = acct
    d["eventCategory"] = "Management"
    if tls:
        d["tlsDetails"] = _tls(tls)
    return d


# --------------------------------------------------------------------------------------------
# File generation
# --------------------------------------------------------------------------------------------
def _weighted(rng, pairs):
    r = rng.random() * sum(w for _, w in pairs)
    for v, w in pairs:
        r -= w
        if r < 0:
            return v
    return pairs[-1][0]


# File sizes as S3 delivers them to a busy trail ("deliveries"): most files a few MB
# (log-normal, median 2 MB, at most 36 MB), and a few of 30-100 MB, as a burst or an
# organisation trail's busiest account gives; "single" is all of it in one file.
DELIVERY_MEDIAN_MB = 2.0
DELIVERY_SIGMA = 1.0
DELIVERY_CAP_MB = 36
LARGE_FILES_MB = (45, 90)


def _next_budget(rng, layout, avg, large):
    if layout == "single":
        return 1 << 62
    if layout == "deliveries":
        if large:
            return int(large.pop(0) * MB)
        return int(min(DELIVERY_CAP_MB, rng.lognormvariate(math.log(DELIVERY_MEDIAN_MB), DELIVERY_SIGMA)) * MB)
    return int(avg * rng.uniform(0.75, 1.25))


def plan_files(size_mb, seed, layout="uniform"):
    """Deterministic list of files: (index, account, region, delivery epoch, byte budget)."""
    rng = random.Random("plan:%s" % seed)
    target = int(size_mb * MB)
    avg = TARGET_RECORDS_PER_FILE * AVG_RECORD_BYTES
    # The large files come first, when the total leaves room for them and the small ones.
    large = [mb for mb in LARGE_FILES_MB if layout == "deliveries" and sum(LARGE_FILES_MB) * MB * 4 <= target]
    plan = []
    total = 0
    t = START_EPOCH + 3600
    i = 0
    while total < target:
        budget = _next_budget(rng, layout, avg, large)
        budget = min(budget, target - total)
        if budget < 2000:                 # fold a tiny tail into the previous file
            if plan:
                j, a, r, ts, b = plan[-1]
                plan[-1] = (j, a, r, ts, b + budget)
            total += budget
            break
        t += FILE_STEP_SECONDS + rng.randrange(-40, 40)
        plan.append((i, _weighted(rng, ACCOUNTS), _weighted(rng, REGIONS), t, budget))
        total += budget
        i += 1
    return plan


def generate_file(args):
    index, acct, region, t_end, budget, seed, out, gz = args
    _init_templates()
    rng = random.Random("file:%s:%d" % (seed, index))
    ctx = FileCtx(rng, acct, region, t_end)
    tstamp = time.strftime("%Y%m%dT%H%MZ", time.gmtime(t_end))
    day = time.strftime("%Y/%m/%d", time.gmtime(t_end))
    fname = "%s_CloudTrail_%s_%s_%s.json" % (acct, region, tstamp, _rand(rng, ALNUM, 16))
    rel = "AWSLogs/%s/CloudTrail/%s/%s/%s" % (acct, region, day, fname + (".gz" if gz else ""))

    t_start = t_end - WINDOW_SECONDS
    times = [_iso(t_start + s) for s in range(WINDOW_SECONDS + 1)]
    expected_n = max(1, budget // AVG_RECORD_BYTES)
    step = WINDOW_SECONDS / expected_n
    templates, pick, npick = TEMPLATES, PICK, len(PICK)
    idents = ctx.identities
    random_ = rng.random
    choice = rng.choice

    chunks = ['{"Records":[']
    size = len(chunks[0]) + 2
    n = 0
    alerts = []
    shares = 0
    pos = 0.0
    while size < budget:
        sec = int(pos) if pos < WINDOW_SECONDS else WINDOW_SECONDS
        pos += step * (0.5 + random_())
        ctx.now = t_start + sec
        ident_json, ident, ip, ua = choice(idents)
        if random_() < SHARE_RATE:
            rec = _share_record(ctx, ident, ip, ua, times[sec])
            text = json.dumps(rec, separators=(",", ":"))
            shares += 1
            for added, rtype in rule0236_alerts(rec):
                alerts.append({"eventID": rec["eventID"], "addedAccount": added, "resourceType": rtype})
        else:
            kind, fmt, names = templates[pick[int(random_() * npick)]]
            common = {"ident": ident_json, "time": times[sec], "region": region, "acct": acct, "ip": ip, "ua": ua,
                      "eid": _uuid4(rng), "rid": _uuid4(rng), "arn": ident.get("arn", "")}
            v = _fill_noise(ctx, kind, names, common)
            text = fmt % tuple([v[k] for k in names])
        if n:
            chunks.append(",")
            size += 1
        chunks.append(text)
        size += len(text)
        n += 1
    chunks.append("]}")
    data = "".join(chunks).encode("ascii")
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if gz:
        co = zlib.compressobj(6, zlib.DEFLATED, 31)
        payload = co.compress(data) + co.flush()
    else:
        payload = data
    with open(path, "wb") as f:
        f.write(payload)
    return rel, len(data), n, shares, alerts


def generate(out, size_mb, gz, seed, jobs, layout="uniform"):
    plan = plan_files(size_mb, seed, layout)
    work = [(i, a, r, t, b, seed, out, gz) for (i, a, r, t, b) in plan]
    os.makedirs(out, exist_ok=True)
    if jobs > 1 and len(work) > 1:
        import multiprocessing as mp
        with mp.get_context("fork").Pool(jobs) as pool:
            results = pool.map(generate_file, work, chunksize=1)
    else:
        results = [generate_file(w) for w in work]
    files, records, nbytes, shares = [], 0, 0, 0
    with open(os.path.join(out, "expected-alerts.jsonl"), "w") as f:
        for rel, size, n, s, alerts in results:
            files.append(rel)
            records += n
            nbytes += size
            shares += s
            for a in alerts:
                f.write(json.dumps(a, separators=(",", ":")) + "\n")
    manifest = {"files": len(files), "records": records, "uncompressed_bytes": nbytes, "gzip": bool(gz), "seed": seed,
                "layout": layout, "largest_file_bytes": max(r[1] for r in results),
                "sharing_events": shares,
                "alerts": sum(len(r[4]) for r in results)}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return manifest


def verify(out):
    """Re-read every file with json, recount, and re-apply the rule to every record."""
    import gzip
    root = os.path.join(out, "AWSLogs")
    got = []
    records = nbytes = files = 0
    paths = []
    for dp, _, fns in os.walk(root):
        for fn in fns:
            paths.append(os.path.join(dp, fn))
    for p in sorted(paths):
        raw = open(p, "rb").read()
        if p.endswith(".gz"):
            raw = gzip.decompress(raw)
        nbytes += len(raw)
        doc = json.loads(raw)
        files += 1
        for rec in doc["Records"]:
            records += 1
            for added, rtype in rule0236_alerts(rec):
                got.append((rec["eventID"], added, rtype))
    exp = []
    for line in open(os.path.join(out, "expected-alerts.jsonl")):
        a = json.loads(line)
        exp.append((a["eventID"], a["addedAccount"], a["resourceType"]))
    man = json.load(open(os.path.join(out, "manifest.json")))
    ok = (sorted(got) == sorted(exp) and man["records"] == records and man["uncompressed_bytes"] == nbytes
          and man["files"] == files)
    print("verify: files=%d records=%d bytes=%d alerts(re-derived)=%d alerts(expected)=%d -> %s"
          % (files, records, nbytes, len(got), len(exp), "OK" if ok else "MISMATCH"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="output directory")
    ap.add_argument("--size-mb", type=float, help="total uncompressed JSON size, in MB (10^6 bytes)")
    ap.add_argument("--gzip", action="store_true", help="write .json.gz files (zlib level 6)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--layout", choices=["uniform", "deliveries", "single"], default="uniform",
                    help="file sizes: uniform ~3.4 MB (default), deliveries (median 2 MB, a few of 30-100 MB), single (one file)")
    ap.add_argument("--verify", metavar="DIR", help="re-parse DIR and check it against its expected-alerts.jsonl")
    a = ap.parse_args()
    if a.verify:
        sys.exit(0 if verify(a.verify) else 1)
    if not a.out or a.size_mb is None:
        ap.error("--out and --size-mb are required")
    t0 = time.time()
    m = generate(a.out, a.size_mb, a.gzip, a.seed, max(1, a.jobs), a.layout)
    dt = time.time() - t0
    print("wrote %d files, %d records, %.1f MB uncompressed, %d sharing events, %d expected alerts in %.1fs (%.1f MB/s)"
          % (m["files"], m["records"], m["uncompressed_bytes"] / MB, m["sharing_events"], m["alerts"], dt,
             m["uncompressed_bytes"] / MB / dt))


if __name__ == "__main__":
    main()
