#!/usr/bin/env python3
"""Lay out ShareScope's bundled sample logs (resources/samples/) and their EXPECTED.md.

    python3 bench/make_samples.py [--out resources/samples]

Deterministic (fixed seed).  The story: account 111122223333 ("Acme"), two regions, two days.
Its ordinary traffic is mixed with
  * a backup vendor (222233334444) that receives snapshots/AMIs every night (legitimate, trusted),
  * an attacker who steals the ci-deploy access key on 2024-03-14 ~16:40Z and shares an AMI, EBS and
    RDS snapshots, S3 buckets and Lambda functions with 999988887777 or with everybody,
  * the remediation by the security team on 2024-03-15.
Every sharing-related event carries a hand-written expectation of what rule 0236 (sentinel mode,
no trusted accounts) raises; the script checks those against bench/generate_logs.rule0236_alerts
and writes EXPECTED.md from them.
"""

import argparse
import calendar
import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_logs import rule0236_alerts  # noqa: E402

ACCT = "111122223333"
VENDOR = "222233334444"
ATTACKER = "999988887777"
PARTNER = "333344445555"
MONITORING = "870051122334"
ATTACKER_IP = "198.51.100.77"
ATTACKER_UA = "aws-cli/2.15.10 Python/3.11.6 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/%s"
TF_UA = ("APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 "
         "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.0 "
         "md/GOOS#linux md/GOARCH#amd64 api/%s")
CONSOLE_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
BOTO_LAMBDA_UA = ("Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux#5.10.209-219.854.amzn2.x86_64 md/arch#x86_64 "
                  "lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.42")
JAVA_UA = ("aws-sdk-java/2.25.6 Linux/5.10.209-198.858.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 "
           "vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy")
GO_UA = "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.0 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.149.1"

rng = random.Random(20240314)
HEX = "0123456789abcdef"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def uid():
    n = rng.getrandbits(128)
    h = "%032x" % n
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[n & 3], h[17:20], h[20:])


def rs(alpha, k):
    return "".join(rng.choice(alpha) for _ in range(k))


def b64(n):
    import base64
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode()


def epoch(iso):
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def iso(e):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(e))


# ------------------------------------------------------------------------------------------------
# Identities
# ------------------------------------------------------------------------------------------------
def iam_user(name, principal, akid=None):
    d = {"type": "IAMUser", "principalId": principal, "arn": "arn:aws:iam::%s:user/%s" % (ACCT, name),
         "accountId": ACCT}
    if akid:
        d["accessKeyId"] = akid
    d["userName"] = name
    return d


def assumed(role, sess, roleid, akid, created, mfa="false", path="", ec2=False, invoked_by=None):
    d = {"type": "AssumedRole", "principalId": "%s:%s" % (roleid, sess),
         "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCT, role, sess), "accountId": ACCT, "accessKeyId": akid,
         "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": roleid,
                                              "arn": "arn:aws:iam::%s:role/%s%s" % (ACCT, path, role),
                                              "accountId": ACCT, "userName": role},
                            "webIdFederationData": {},
                            "attributes": {"creationDate": created, "mfaAuthenticated": mfa}}}
    if ec2:
        d["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if invoked_by:
        d["invokedBy"] = invoked_by
    return d


def service(svc):
    return {"type": "AWSService", "invokedBy": svc}


M_KELLER = iam_user("m.keller", "AIDAREXAMPLEMKELLER01")
CI_DEPLOY = iam_user("ci-deploy", "AIDAREXAMPLECIDEPLOY1", "AKIAREXAMPLE7CIDPLY4")
SSO_ORTIZ = lambda created: assumed("AWSReservedSSO_PlatformEngineer_0f3c9a1b2d4e5f67", "j.ortiz@acme.example",
                                    "AROAREXAMPLESSOPLAT01", "ASIAREXAMPLE2ORTIZ9Q", created,
                                    path="aws-reserved/sso.amazonaws.com/")
SSO_NGUYEN = assumed("AWSReservedSSO_SecurityResponder_7a1e2b3c4d5f6a7b", "a.nguyen@acme.example",
                     "AROAREXAMPLESSOSECR01", "ASIAREXAMPLE4NGUYN2K", "2024-03-15T09:12:44Z",
                     path="aws-reserved/sso.amazonaws.com/")
BACKUP = lambda created, n: assumed("BackupAutomationRole", "snapshot-share-to-vendor", "AROAREXAMPLEBACKUP001",
                                    "ASIAREXAMPLEBKP%05d" % n, created)
TF_CI = assumed("terraform-ci", "gha-run-8231190457", "AROAREXAMPLETFCI00001", "ASIAREXAMPLE8TFCI3WZ",
                "2024-03-15T02:04:51Z")
ATTACKER_ROLE = assumed("DeployAdminRole", "sync", "AROAREXAMPLEDEPLOYADM", "ASIAREXAMPLE5SYNC7HD",
                        "2024-03-14T16:49:31Z")


def workload_pool(day_start):
    """Sessions of the ordinary workloads for one file (fixed keys, fixed creation dates)."""
    t = epoch(day_start)
    return [
        (assumed("orders-api-task-role", "4b6a2e8c9d0f4e1a8b7c6d5e4f3a2b1c", "AROAREXAMPLEORDERS01",
                 "ASIA" + rs(UP, 16), iso(t - rng.randrange(300, 3000))), "10.20.%d.%d", JAVA_UA),
        (assumed("etl-glue-job-role", "GlueJobRunnerSession", "AROAREXAMPLEGLUEETL01", "ASIA" + rs(UP, 16),
                 iso(t - rng.randrange(300, 3000))), "10.30.%d.%d",
         "aws-sdk-java/1.12.662 Linux/4.14.336-257.566.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 scala/2.12.17 vendor/Amazon.com_Inc. cfg/retry-mode/standard"),
        (assumed("web-ec2-role", "i-0d2f4b6a8c1e3f5a7", "AROAREXAMPLEWEBEC201", "ASIA" + rs(UP, 16),
                 iso(t - rng.randrange(300, 3000)), ec2=True), "10.20.%d.%d",
         "Boto3/1.34.40 md/Botocore#1.34.40 ua/2.0 os/linux#6.1.77-99.164.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.40"),
        (assumed("monitoring-readonly", "DatadogAWSIntegration", "AROAREXAMPLEMONITOR1", "ASIA" + rs(UP, 16),
                 iso(t - rng.randrange(300, 3000))), "3.233.%d.%d",
         "aws-sdk-go/1.50.21 (go1.21.7; linux; amd64)"),
    ]


# ------------------------------------------------------------------------------------------------
# Event builder (CloudTrail's key order)
# ------------------------------------------------------------------------------------------------
def event(ident, t, source, name, region, rp, resp=None, *, ip, ua, ro, err=None, category="Management",
          mgmt=True, add=None, resources=None, version="1.08", tls=None, rid=None, extra=None,
          etype="AwsApiCall", console=False):
    d = {"eventVersion": version, "userIdentity": ident, "eventTime": t, "eventSource": source, "eventName": name,
         "awsRegion": region, "sourceIPAddress": ip, "userAgent": ua}
    if err:
        d["errorCode"], d["errorMessage"] = err
        resp = None
    d["requestParameters"] = rp
    d["responseElements"] = resp
    if add is not None:
        d["additionalEventData"] = add
    if etype == "AwsApiCall" or rid:
        d["requestID"] = rid or uid()
    d["eventID"] = uid()
    d["readOnly"] = ro
    if resources is not None:
        d["resources"] = resources
    d["eventType"] = etype
    d["managementEvent"] = mgmt
    d["recipientAccountId"] = ACCT
    if extra:
        d.update(extra)
    d["eventCategory"] = category
    if tls:
        d["tlsDetails"] = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                           "clientProvidedHostHeader": tls}
    if console:
        d["sessionCredentialFromConsole"] = "true"
    return d


def s3_add(bin_=0, bout=0):
    return {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256", "bytesTransferredIn": bin_,
            "AuthenticationMethod": "AuthHeader", "x-amz-id-2": b64(57), "bytesTransferredOut": bout}


def s3_bucket_event(ident, t, name, region, bucket, extra_rp, *, ip, ua, ro=False, err=None, version="1.09",
                    console=False):
    host = "%s.s3.%s.amazonaws.com" % (bucket, region) if region != "us-east-1" else "%s.s3.amazonaws.com" % bucket
    rp = {"bucketName": bucket, "Host": host}
    rp.update(extra_rp)
    return event(ident, t, "s3.amazonaws.com", name, region, rp, None, ip=ip, ua=ua, ro=ro, err=err,
                 add=s3_add(bin_=rng.randrange(200, 900) if not ro else 0), rid=rs(UP, 16), version=version,
                 resources=[{"accountId": ACCT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::%s" % bucket}],
                 tls=host, console=console)


def s3_object_event(ident, t, name, region, bucket, key, *, ip, ua, bout=None, err=None, vpce=True, acct=ACCT):
    host = "%s.s3.%s.amazonaws.com" % (bucket, region) if region != "us-east-1" else "%s.s3.amazonaws.com" % bucket
    ro = name in ("GetObject", "HeadObject")
    rp = {"bucketName": bucket, "Host": host, "key": key}
    resp = None
    if name == "PutObject":
        rp.update({"x-amz-server-side-encryption": "aws:kms",
                   "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:%s:%s:key/%s" % (region, ACCT, KMS[region])})
        resp = {"x-amz-server-side-encryption": "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:%s:%s:key/%s" % (region, ACCT, KMS[region]),
                "x-amz-version-id": rs(ALNUM, 32)}
    add = s3_add(bin_=rng.randrange(2000, 900000) if name == "PutObject" else 0,
                 bout=bout if bout is not None else (rng.randrange(300, 5000000) if name == "GetObject" else 0))
    return event(ident, t, "s3.amazonaws.com", name, region, rp, resp, ip=ip, ua=ua, ro=ro, err=err,
                 category="Data", mgmt=False, add=add, rid=rs(UP, 16), version="1.09",
                 resources=[{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::%s/%s" % (bucket, key)},
                            {"accountId": acct, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::%s" % bucket}],
                 extra={"vpcEndpointId": VPCE[region]} if vpce else None, tls=host)


KMS = {"us-east-1": "5f1c8a2e-3b4d-4e6f-9a1b-2c3d4e5f6a7b", "eu-west-1": "c0ffee12-3456-4789-8abc-def012345678"}
VPCE = {"us-east-1": "vpce-0a1b2c3d4e5f60718", "eu-west-1": "vpce-0f9e8d7c6b5a40312"}
BUCKETS = {"us-east-1": ["acme-prod-orders-exports", "acme-datalake-raw-111122223333", "acme-static-site-assets",
                         "acme-customer-exports"],
           "eu-west-1": ["acme-eu-datalake-111122223333", "acme-eu-invoices"]}


def key_for(bucket, day):
    y, m, d = day.split("-")
    if "invoices" in bucket:
        return "invoices/%s/%s/INV-%06d.pdf" % (y, m, rng.randrange(100000, 999999))
    if "static" in bucket:
        return rng.choice(["index.html", "assets/app.%s.js" % rs(HEX, 8), "assets/logo.svg", "img/hero-%d.webp" % rng.randrange(1, 9)])
    if "exports" in bucket:
        return "exports/%s/%s/%s/orders-%s.csv.gz" % (y, m, d, rs(HEX, 8))
    return "raw/events/dt=%s/part-%05d-%s.snappy.parquet" % (day, rng.randrange(0, 400), uid())


# ------------------------------------------------------------------------------------------------
# Ordinary traffic
# ------------------------------------------------------------------------------------------------
def noise(region, t0, t1, n):
    day = t0[:10]
    pool = workload_pool(t0)
    out = []
    start, end = epoch(t0), epoch(t1)
    kinds = [("get", 25), ("put", 8), ("head", 6), ("decrypt", 10), ("gdk", 4), ("assume", 10), ("descinst", 5),
             ("descsg", 3), ("listbuckets", 2), ("gci", 3), ("logstream", 4), ("metric", 3), ("acl", 4),
             ("denied", 4), ("param", 3)]
    total = sum(w for _, w in kinds)
    for _ in range(n):
        t = iso(rng.randrange(start, end))
        r = rng.random() * total
        for k, w in kinds:
            r -= w
            if r < 0:
                break
        ident, ipfmt, ua = rng.choice(pool[:3]) if k not in ("descinst", "descsg") else rng.choice(pool)
        ip = ipfmt % (rng.randrange(0, 255), rng.randrange(1, 255))
        bucket = rng.choice(BUCKETS[region])
        if k in ("get", "put", "head"):
            name = {"get": "GetObject", "put": "PutObject", "head": "HeadObject"}[k]
            err = None
            if name != "PutObject" and rng.random() < 0.08:
                err = ("NoSuchKey", "The specified key does not exist.") if name == "GetObject" else ("NotFound", "Not Found")
            out.append(s3_object_event(ident, t, name, region, bucket, key_for(bucket, day), ip=ip, ua=ua,
                                       bout=0 if err else None, err=err))
        elif k in ("decrypt", "gdk"):
            rp = {"encryptionContext": {"aws:s3:arn": "arn:aws:s3:::%s/%s" % (bucket, key_for(bucket, day))}}
            if k == "decrypt":
                rp["encryptionAlgorithm"] = "SYMMETRIC_DEFAULT"
            else:
                rp.update({"keySpec": "AES_256", "keyId": "arn:aws:kms:%s:%s:key/%s" % (region, ACCT, KMS[region])})
            out.append(event(dict(ident, invokedBy="s3.amazonaws.com"), t, "kms.amazonaws.com",
                             "Decrypt" if k == "decrypt" else "GenerateDataKey", region, rp, None,
                             ip="s3.amazonaws.com", ua="s3.amazonaws.com", ro=True,
                             resources=[{"accountId": ACCT, "type": "AWS::KMS::Key",
                                         "ARN": "arn:aws:kms:%s:%s:key/%s" % (region, ACCT, KMS[region])}]))
        elif k == "assume":
            svc, role, sess = rng.choice([("ecs-tasks.amazonaws.com", "orders-api-task-role", rs(HEX, 32)),
                                          ("lambda.amazonaws.com", "invoice-pdf-render-role", "invoice-pdf-render"),
                                          ("glue.amazonaws.com", "etl-glue-job-role", "GlueJobRunnerSession"),
                                          ("ec2.amazonaws.com", "web-ec2-role", "i-0d2f4b6a8c1e3f5a7")])
            exp = time.gmtime(epoch(t) + 3600 * (6 if svc == "ec2.amazonaws.com" else 1))
            out.append(event(service(svc), t, "sts.amazonaws.com", "AssumeRole", region,
                             {"roleArn": "arn:aws:iam::%s:role/%s" % (ACCT, role), "roleSessionName": sess},
                             {"credentials": {"accessKeyId": "ASIA" + rs(UP, 16),
                                              "sessionToken": "IQoJb3JpZ2luX2VjE" + b64(rng.randrange(420, 560)),
                                              "expiration": time.strftime("%b %d, %Y, %I:%M:%S %p", exp).replace(" 0", " ")},
                              "assumedRoleUser": {"assumedRoleId": "AROAREXAMPLE%s:%s" % (rs(UP, 9), sess),
                                                  "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCT, role, sess)}},
                             ip=svc, ua=svc, ro=True,
                             resources=[{"accountId": ACCT, "type": "AWS::IAM::Role",
                                         "ARN": "arn:aws:iam::%s:role/%s" % (ACCT, role)}],
                             extra={"sharedEventID": uid()}))
        elif k == "descinst":
            out.append(event(ident, t, "ec2.amazonaws.com", "DescribeInstances", region,
                             {"instancesSet": {}, "filterSet": {"items": [
                                 {"name": "instance-state-name", "valueSet": {"items": [{"value": "running"}]}},
                                 {"name": "tag:Environment", "valueSet": {"items": [{"value": "prod"}]}}]}},
                             None, ip=ip, ua=ua, ro=True, version="1.09", tls="ec2.%s.amazonaws.com" % region))
        elif k == "descsg":
            out.append(event(ident, t, "ec2.amazonaws.com", "DescribeSecurityGroups", region,
                             {"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {"items": [
                                 {"name": "vpc-id", "valueSet": {"items": [{"value": "vpc-0c1d2e3f4a5b6c7d8"}]}}]},
                              "maxResults": 1000},
                             None, ip=ip, ua=ua, ro=True, version="1.09", tls="ec2.%s.amazonaws.com" % region))
        elif k == "listbuckets":
            out.append(event(ident, t, "s3.amazonaws.com", "ListBuckets", region, {"Host": "s3.amazonaws.com"}, None,
                             ip=ip, ua=ua, ro=True, add=s3_add(bout=rng.randrange(2000, 9000)), rid=rs(UP, 16),
                             version="1.09", tls="s3.amazonaws.com"))
        elif k == "gci":
            out.append(event(ident, t, "sts.amazonaws.com", "GetCallerIdentity", region, None, None, ip=ip, ua=ua,
                             ro=True, tls="sts.%s.amazonaws.com" % region))
        elif k == "logstream":
            out.append(event(ident, t, "logs.amazonaws.com", "CreateLogStream", region,
                             {"logGroupName": "/aws/lambda/invoice-pdf-render",
                              "logStreamName": "%s/[$LATEST]%s" % (day.replace("-", "/"), rs(HEX, 32))},
                             None, ip=ip, ua=ua, ro=False, version="1.09", tls="logs.%s.amazonaws.com" % region))
        elif k == "metric":
            out.append(event(ident, t, "monitoring.amazonaws.com", "PutMetricData", region,
                             {"namespace": "Orders/API", "metricData": [
                                 {"metricName": "Latency", "dimensions": [{"name": "Service", "value": "orders-api"}],
                                  "value": round(rng.random() * 180, 1), "unit": "Milliseconds"}]},
                             None, ip=ip, ua=ua, ro=False, version="1.09", category="Data", mgmt=False,
                             tls="monitoring.%s.amazonaws.com" % region))
        elif k == "acl":
            b = rng.choice(BUCKETS[region])
            name, sub = rng.choice([("GetBucketAcl", "acl"), ("GetBucketPolicy", "policy"),
                                    ("GetBucketVersioning", "versioning")])
            cfg = assumed("AWSServiceRoleForConfig", "AWSConfig-Describe", "AROAREXAMPLECONFIG01",
                          "ASIA" + rs(UP, 16), t0, path="aws-service-role/config.amazonaws.com/",
                          invoked_by="config.amazonaws.com")
            out.append(event(cfg, t, "s3.amazonaws.com", name, region,
                             {"bucketName": b, "Host": "%s.s3.amazonaws.com" % b, sub: ""}, None,
                             ip="config.amazonaws.com", ua="config.amazonaws.com", ro=True,
                             add=s3_add(bout=rng.randrange(100, 900)), rid=rs(UP, 16), version="1.09",
                             resources=[{"accountId": ACCT, "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::%s" % b}]))
        elif k == "denied":
            ident, ipfmt, ua = pool[3]
            ip = ipfmt % (rng.randrange(0, 255), rng.randrange(1, 255))
            out.append(event(ident, t, "ec2.amazonaws.com", "DescribeVpcEndpoints", region, {
                "vpcEndpointId": {}, "filterSet": {}}, None, ip=ip, ua=ua, ro=True, version="1.09",
                err=("Client.UnauthorizedOperation",
                     "You are not authorized to perform this operation. User: %s is not authorized to perform: "
                     "ec2:DescribeVpcEndpoints because no identity-based policy allows the ec2:DescribeVpcEndpoints action"
                     % ident["arn"]),
                tls="ec2.%s.amazonaws.com" % region))
        else:
            out.append(event(ident, t, "ssm.amazonaws.com", "GetParameter", region,
                             {"name": rng.choice(["/orders/prod/db-host", "/orders/prod/feature-flags"]),
                              "withDecryption": True}, None, ip=ip, ua=ua, ro=True,
                             tls="ssm.%s.amazonaws.com" % region))
    return out


# ------------------------------------------------------------------------------------------------
# The story
# ------------------------------------------------------------------------------------------------
STORY = []        # (file key, record, expected sentinel alerts [(addedAccount, resourceType)], label, note)


def story(fkey, rec, expect, label, note):
    STORY.append((fkey, rec, expect, label, note))
    return rec


def policy_event(fkey, ident, t, region, bucket, statement, *, ip, ua, expect, label, note, err=None, console=False):
    rec = s3_bucket_event(ident, t, "PutBucketPolicy", region, bucket,
                          {"bucketPolicy": {"Version": "2012-10-17", "Statement": statement}, "policy": ""},
                          ip=ip, ua=ua, err=err, console=console)
    return story(fkey, rec, expect, label, note)


def ec2_ok(rid):
    return {"requestId": rid, "_return": True}


def ec2_perm(fkey, ident, t, region, ami, res_id, perm, *, ip, ua, expect, label, note, console=False):
    rid = uid()
    if ami:
        rp = {"imageId": res_id, "attributeType": "launchPermission", "launchPermission": perm}
    else:
        rp = {"snapshotId": res_id, "attributeType": "CREATE_VOLUME_PERMISSION", "createVolumePermission": perm}
    rec = event(ident, t, "ec2.amazonaws.com", "ModifyImageAttribute" if ami else "ModifySnapshotAttribute", region,
                rp, ec2_ok(rid), ip=ip, ua=ua, ro=False, rid=rid, version="1.09", tls="ec2.%s.amazonaws.com" % region,
                console=console)
    return story(fkey, rec, expect, label, note)


def rds_attr(fkey, ident, t, region, snap, add=None, remove=None, *, cluster=False, ip, ua, expect, label, note,
             err=None, current=None):
    key = "dBClusterSnapshotIdentifier" if cluster else "dBSnapshotIdentifier"
    rp = {key: snap, "attributeName": "restore"}
    if add is not None:
        rp["valuesToAdd"] = add
    if remove is not None:
        rp["valuesToRemove"] = remove
    attrs = "dBClusterSnapshotAttributes" if cluster else "dBSnapshotAttributes"
    resp = {key: snap, attrs: [{"attributeName": "restore", "attributeValues": current if current is not None else (add or [])}]}
    rec = event(ident, t, "rds.amazonaws.com",
                "ModifyDBClusterSnapshotAttribute" if cluster else "ModifyDBSnapshotAttribute", region, rp, resp,
                ip=ip, ua=ua, ro=False, err=err, tls="rds.%s.amazonaws.com" % region)
    return story(fkey, rec, expect, label, note)


def lambda_perm(fkey, ident, t, region, func, principal, action, *, ip, ua, expect, label, note, extra_rp=None):
    rp = {"functionName": func, "statementId": extra_rp.pop("statementId"), "action": action, "principal": principal}
    rp.update(extra_rp)
    if principal == "*":
        pr = "*"
    elif principal.endswith(".amazonaws.com"):
        pr = {"Service": principal}
    else:
        pr = {"AWS": "arn:aws:iam::%s:root" % principal}
    st = {"Sid": rp["statementId"], "Effect": "Allow", "Principal": pr, "Action": action,
          "Resource": "arn:aws:lambda:%s:%s:function:%s" % (region, ACCT, func)}
    if "sourceAccount" in rp:
        st["Condition"] = {"StringEquals": {"AWS:SourceAccount": rp["sourceAccount"]},
                           "ArnLike": {"AWS:SourceArn": rp["sourceArn"]}}
    rec = event(ident, t, "lambda.amazonaws.com", "AddPermission20150331v2", region, rp,
                {"statement": json.dumps(st, separators=(",", ":"))}, ip=ip, ua=ua, ro=False,
                tls="lambda.%s.amazonaws.com" % region)
    return story(fkey, rec, expect, label, note)


def build():
    files = {}   # key -> dict(region, day, stamp, gz, records)

    def F(key, region, day, stamp, gz, t0, t1, n_noise):
        files[key] = {"region": region, "day": day, "stamp": stamp, "gz": gz,
                      "records": noise(region, t0, t1, n_noise)}

    # ---------------- F1: us-east-1, 2024-03-14 09:05 — vendor backup, static site, IAM for vendor
    F("F1", "us-east-1", "2024/03/14", "20240314T0905Z", False, "2024-03-14T08:55:00Z", "2024-03-14T09:04:00Z", 24)
    r = files["F1"]["records"]
    r.append(event(M_KELLER, "2024-03-14T08:56:02Z", "signin.amazonaws.com", "ConsoleLogin", "us-east-1", None,
                   {"ConsoleLogin": "Success"}, ip="203.0.113.24", ua=CONSOLE_UA, ro=False, version="1.09",
                   etype="AwsConsoleSignIn",
                   add={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_1a2b3c4d5e6f7a8b",
                        "MobileVersion": "No", "MFAIdentifier": "arn:aws:iam::%s:mfa/m.keller" % ACCT, "MFAUsed": "Yes"},
                   tls="signin.aws.amazon.com"))
    b_ident = BACKUP("2024-03-14T08:58:05Z", 1)
    r.append(event(service("lambda.amazonaws.com"), "2024-03-14T08:58:05Z", "sts.amazonaws.com", "AssumeRole",
                   "us-east-1", {"roleArn": "arn:aws:iam::%s:role/BackupAutomationRole" % ACCT,
                                 "roleSessionName": "snapshot-share-to-vendor"},
                   {"credentials": {"accessKeyId": b_ident["accessKeyId"], "sessionToken": "IQoJb3JpZ2luX2VjE" + b64(480),
                                    "expiration": "Mar 14, 2024, 9:58:05 AM"},
                    "assumedRoleUser": {"assumedRoleId": "AROAREXAMPLEBACKUP001:snapshot-share-to-vendor",
                                        "arn": "arn:aws:sts::%s:assumed-role/BackupAutomationRole/snapshot-share-to-vendor" % ACCT}},
                   ip="lambda.amazonaws.com", ua="lambda.amazonaws.com", ro=True,
                   resources=[{"accountId": ACCT, "type": "AWS::IAM::Role",
                               "ARN": "arn:aws:iam::%s:role/BackupAutomationRole" % ACCT}],
                   extra={"sharedEventID": uid()}))
    ec2_perm("F1", b_ident, "2024-03-14T08:58:12Z", "us-east-1", False, "snap-0c4f1e2a9b7d3e5f1",
             {"add": {"items": [{"userId": VENDOR}]}}, ip="3.80.114.27", ua=BOTO_LAMBDA_UA,
             expect=[(VENDOR, "EBSSnapshot")], label="V1",
             note="nightly EBS snapshot copy to the backup vendor")
    ortiz1 = SSO_ORTIZ("2024-03-14T08:41:07Z")
    ortiz_ip = "203.0.113.61"
    policy_event("F1", ortiz1, "2024-03-14T09:00:41Z", "us-east-1", "acme-cloudtrail-logs-111122223333", [
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::acme-cloudtrail-logs-111122223333",
         "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:%s:trail/acme-org-trail" % ACCT}}},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-cloudtrail-logs-111122223333/AWSLogs/%s/*" % ACCT,
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                        "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:%s:trail/acme-org-trail" % ACCT}}}],
        ip=ortiz_ip, ua=TF_UA % "s3#1.51.1", expect=[], label="N1",
        note="CloudTrail log bucket policy: service principal only (no alert)")
    policy_event("F1", ortiz1, "2024-03-14T09:01:19Z", "us-east-1", "acme-static-site-assets", [
        {"Sid": "AllowCloudFrontOAI", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-static-site-assets/*"}],
        ip=ortiz_ip, ua=TF_UA % "s3#1.51.1", expect=[("cloudfront", "S3Bucket")], label="C1",
        note="CloudFront OAI read access: rule 0236 reports the ARN's 5th field, \"cloudfront\"")
    rec = event(ortiz1, "2024-03-14T09:02:03Z", "iam.amazonaws.com", "CreateRole", "us-east-1",
                {"roleName": "VendorBackupAccess", "description": "Read access for the backup vendor",
                 "maxSessionDuration": 3600,
                 "assumeRolePolicyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
                     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % VENDOR}, "Action": "sts:AssumeRole",
                      "Condition": {"StringEquals": {"sts:ExternalId": "acme-7f3e9c21"}}}]}, indent=2)},
                {"role": {"path": "/", "roleName": "VendorBackupAccess", "roleId": "AROAREXAMPLEVENDOR001",
                          "arn": "arn:aws:iam::%s:role/VendorBackupAccess" % ACCT,
                          "createDate": "Mar 14, 2024, 9:02:03 AM",
                          "assumeRolePolicyDocument": "%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22%2C%0A%20%20%22Statement%22%3A%20%5B%0A%20%20%20%20%7B%0A%20%20%20%20%20%20%22Effect%22%3A%20%22Allow%22%2C%0A%20%20%20%20%20%20%22Principal%22%3A%20%7B%0A%20%20%20%20%20%20%20%20%22AWS%22%3A%20%22arn%3Aaws%3Aiam%3A%3A222233334444%3Aroot%22%0A%20%20%20%20%20%20%7D%2C%0A%20%20%20%20%20%20%22Action%22%3A%20%22sts%3AAssumeRole%22%2C%0A%20%20%20%20%20%20%22Condition%22%3A%20%7B%0A%20%20%20%20%20%20%20%20%22StringEquals%22%3A%20%7B%0A%20%20%20%20%20%20%20%20%20%20%22sts%3AExternalId%22%3A%20%22acme-7f3e9c21%22%0A%20%20%20%20%20%20%20%20%7D%0A%20%20%20%20%20%20%7D%0A%20%20%20%20%7D%0A%20%20%5D%0A%7D",
                          "maxSessionDuration": 3600}},
                ip=ortiz_ip, ua=TF_UA % "iam#1.31.1", ro=False, version="1.09", tls="iam.amazonaws.com")
    story("F1", rec, [], "X1", "CreateRole trusting the vendor account (with sts:ExternalId) — extended only")
    for i in range(2):
        rid = uid()
        r.append(event(ortiz1, "2024-03-14T09:03:%02dZ" % (10 + i * 7), "ec2.amazonaws.com",
                       ["RunInstances", "CreateTags"][i], "us-east-1",
                       {"instancesSet": {"items": [{"imageId": "ami-0a3c5e7b9d1f2a4c6", "minCount": 1, "maxCount": 1}]},
                        "instanceType": "t3.medium", "blockDeviceMapping": {}, "monitoring": {"enabled": False},
                        "disableApiTermination": False, "disableApiStop": False, "clientToken": "terraform-%s" % rs(HEX, 26),
                        "subnetId": "subnet-0e1f2a3b4c5d6e7f8",
                        "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 1}}
                       if i == 0 else
                       {"resourcesSet": {"items": [{"resourceId": "i-0b7d9f1a3c5e7a9b1"}]},
                        "tagSet": {"items": [{"key": "Name", "value": "bastion-02"}, {"key": "Owner", "value": "platform"}]}},
                       {"requestId": rid, "reservationId": "r-0%s" % rs(HEX, 16), "ownerId": ACCT, "groupSet": {},
                        "instancesSet": {"items": [{"instanceId": "i-0b7d9f1a3c5e7a9b1", "imageId": "ami-0a3c5e7b9d1f2a4c6",
                                                    "instanceState": {"code": 0, "name": "pending"},
                                                    "privateDnsName": "ip-10-20-4-17.ec2.internal", "amiLaunchIndex": 0,
                                                    "productCodes": {}, "instanceType": "t3.medium",
                                                    "launchTime": 1710406990000,
                                                    "placement": {"availabilityZone": "us-east-1a", "tenancy": "default"},
                                                    "monitoring": {"state": "disabled"}, "subnetId": "subnet-0e1f2a3b4c5d6e7f8",
                                                    "vpcId": "vpc-0c1d2e3f4a5b6c7d8", "privateIpAddress": "10.20.4.17",
                                                    "architecture": "x86_64", "rootDeviceType": "ebs",
                                                    "rootDeviceName": "/dev/xvda", "virtualizationType": "hvm",
                                                    "hypervisor": "xen", "enaSupport": True}]}}
                       if i == 0 else ec2_ok(rid),
                       ip=ortiz_ip, ua=TF_UA % "ec2#1.149.1", ro=False, rid=rid, version="1.09",
                       tls="ec2.us-east-1.amazonaws.com"))

    # ---------------- F2: eu-west-1, 2024-03-14 10:20 — vendor RDS snapshot, lambda S3 trigger, partner
    F("F2", "eu-west-1", "2024/03/14", "20240314T1020Z", True, "2024-03-14T10:10:00Z", "2024-03-14T10:19:00Z", 22)
    rds_attr("F2", BACKUP("2024-03-14T10:12:40Z", 2), "2024-03-14T10:12:44Z", "eu-west-1",
             "orders-db-nightly-2024-03-14", add=[VENDOR], ip="34.242.19.88", ua=BOTO_LAMBDA_UA,
             expect=[(VENDOR, "RDSSnapshot")], label="V2", note="nightly RDS snapshot shared with the backup vendor")
    ortiz2 = SSO_ORTIZ("2024-03-14T10:02:55Z")
    lambda_perm("F2", ortiz2, "2024-03-14T10:14:21Z", "eu-west-1", "invoice-pdf-render", "s3.amazonaws.com",
                "lambda:InvokeFunction", ip=ortiz_ip, ua=TF_UA % "lambda#1.53.1",
                extra_rp={"statementId": "AllowS3Invoke", "sourceAccount": ACCT,
                          "sourceArn": "arn:aws:s3:::acme-eu-invoices"},
                expect=[], label="N2", note="S3 trigger permission: service principal (no alert)")
    policy_event("F2", ortiz2, "2024-03-14T10:16:02Z", "eu-west-1", "acme-eu-analytics-share",
                 {"Sid": "PartnerRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % PARTNER},
                  "Action": ["s3:GetObject", "s3:ListBucket"],
                  "Resource": ["arn:aws:s3:::acme-eu-analytics-share", "arn:aws:s3:::acme-eu-analytics-share/*"]},
                 ip=ortiz_ip, ua=TF_UA % "s3#1.51.1", expect=[], label="S1",
                 note="Statement is one object, not an array: Kusto's mv-expand yields single-entry bags, "
                      "so rule 0236 raises nothing (extended mode should report %s)" % PARTNER)

    # ---------------- F3: us-east-1, 2024-03-14 16:50 — stolen ci-deploy key
    F("F3", "us-east-1", "2024/03/14", "20240314T1650Z", False, "2024-03-14T16:40:00Z", "2024-03-14T16:49:00Z", 18)
    r = files["F3"]["records"]
    cli = lambda cmd: ATTACKER_UA % cmd
    r.append(event(CI_DEPLOY, "2024-03-14T16:41:09Z", "sts.amazonaws.com", "GetCallerIdentity", "us-east-1", None,
                   None, ip=ATTACKER_IP, ua=cli("sts.get-caller-identity"), ro=True, tls="sts.us-east-1.amazonaws.com"))
    r.append(event(CI_DEPLOY, "2024-03-14T16:41:33Z", "s3.amazonaws.com", "ListBuckets", "us-east-1",
                   {"Host": "s3.us-east-1.amazonaws.com"}, None, ip=ATTACKER_IP, ua=cli("s3.ls"), ro=True,
                   add=s3_add(bout=6431), rid=rs(UP, 16), version="1.09", tls="s3.us-east-1.amazonaws.com"))
    r.append(event(CI_DEPLOY, "2024-03-14T16:41:52Z", "iam.amazonaws.com", "ListUsers", "us-east-1", None, None,
                   ip=ATTACKER_IP, ua=cli("iam.list-users"), ro=True, version="1.09", tls="iam.amazonaws.com",
                   err=("AccessDenied", "User: arn:aws:iam::%s:user/ci-deploy is not authorized to perform: "
                                        "iam:ListUsers on resource: arn:aws:iam::%s:user/ because no identity-based "
                                        "policy allows the iam:ListUsers action" % (ACCT, ACCT))))
    r.append(event(CI_DEPLOY, "2024-03-14T16:42:10Z", "ec2.amazonaws.com", "DescribeImages", "us-east-1",
                   {"executableBySet": {}, "imagesSet": {}, "ownersSet": {"items": [{"owner": "self"}]},
                    "filterSet": {}}, None, ip=ATTACKER_IP, ua=cli("ec2.describe-images"), ro=True, version="1.09",
                   tls="ec2.us-east-1.amazonaws.com"))
    r.append(event(CI_DEPLOY, "2024-03-14T16:42:31Z", "ec2.amazonaws.com", "DescribeSnapshots", "us-east-1",
                   {"snapshotSet": {}, "ownersSet": {"items": [{"owner": "self"}]}, "restorableBySet": {},
                    "filterSet": {}}, None, ip=ATTACKER_IP, ua=cli("ec2.describe-snapshots"), ro=True, version="1.09",
                   tls="ec2.us-east-1.amazonaws.com"))
    r.append(event(CI_DEPLOY, "2024-03-14T16:42:58Z", "rds.amazonaws.com", "DescribeDBSnapshots", "us-east-1",
                   {"includeShared": False, "includePublic": False}, None, ip=ATTACKER_IP,
                   ua=cli("rds.describe-db-snapshots"), ro=True, tls="rds.us-east-1.amazonaws.com"))
    rds_attr("F3", CI_DEPLOY, "2024-03-14T16:43:40Z", "us-east-1", "customers-db-2024-03-14", add=[ATTACKER],
             ip=ATTACKER_IP, ua=cli("rds.modify-db-snapshot-attribute"),
             err=("AccessDenied", "User: arn:aws:iam::%s:user/ci-deploy is not authorized to perform: "
                                  "rds:ModifyDBSnapshotAttribute on resource: arn:aws:rds:us-east-1:%s:snapshot:"
                                  "customers-db-2024-03-14 because no identity-based policy allows the "
                                  "rds:ModifyDBSnapshotAttribute action" % (ACCT, ACCT)),
             expect=[(ATTACKER, "RDSSnapshot")], label="A1",
             note="FAILED attempt (errorCode AccessDenied): rule 0236 does not look at errorCode, so it alerts")
    ec2_perm("F3", CI_DEPLOY, "2024-03-14T16:44:15Z", "us-east-1", True, "ami-0e7f3c1a5b9d2e4f6",
             {"add": {"items": [{"userId": ATTACKER}]}}, ip=ATTACKER_IP, ua=cli("ec2.modify-image-attribute"),
             expect=[(ATTACKER, "AMI")], label="A2", note="AMI (customer portal golden image) shared with unknown account")
    ec2_perm("F3", CI_DEPLOY, "2024-03-14T16:44:52Z", "us-east-1", False, "snap-0a9b8c7d6e5f4a3b2",
             {"add": {"items": [{"userId": ATTACKER}]}}, ip=ATTACKER_IP, ua=cli("ec2.modify-snapshot-attribute"),
             expect=[(ATTACKER, "EBSSnapshot")], label="A3", note="EBS snapshot of the customers DB volume shared")
    ec2_perm("F3", CI_DEPLOY, "2024-03-14T16:45:30Z", "us-east-1", True, "ami-0b1c2d3e4f5a6b7c8",
             {"add": {"items": [{"group": "all"}]}}, ip=ATTACKER_IP, ua=cli("ec2.modify-image-attribute"),
             expect=[], label="P1", note="AMI made PUBLIC (group all): no userId, so rule 0236 raises nothing")
    rec = event(CI_DEPLOY, "2024-03-14T16:47:02Z", "iam.amazonaws.com", "UpdateAssumeRolePolicy", "us-east-1",
                {"roleName": "DeployAdminRole",
                 "policyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
                     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:user/ci-deploy" % ACCT},
                      "Action": "sts:AssumeRole"},
                     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % ATTACKER},
                      "Action": "sts:AssumeRole"}]}, separators=(",", ":"))},
                None, ip=ATTACKER_IP, ua=cli("iam.update-assume-role-policy"), ro=False, version="1.09",
                tls="iam.amazonaws.com")
    story("F3", rec, [], "X2", "role trust policy backdoored to trust %s — extended only" % ATTACKER)
    r.append(event({"type": "AWSAccount", "principalId": "AIDAREXAMPLEATTACKER1", "accountId": ATTACKER},
                   "2024-03-14T16:49:31Z", "sts.amazonaws.com", "AssumeRole", "us-east-1",
                   {"roleArn": "arn:aws:iam::%s:role/DeployAdminRole" % ACCT, "roleSessionName": "sync"},
                   {"credentials": {"accessKeyId": ATTACKER_ROLE["accessKeyId"],
                                    "sessionToken": "IQoJb3JpZ2luX2VjE" + b64(520),
                                    "expiration": "Mar 14, 2024, 5:49:31 PM"},
                    "assumedRoleUser": {"assumedRoleId": "AROAREXAMPLEDEPLOYADM:sync",
                                        "arn": "arn:aws:sts::%s:assumed-role/DeployAdminRole/sync" % ACCT}},
                   ip=ATTACKER_IP, ua=cli("sts.assume-role"), ro=True,
                   resources=[{"accountId": ACCT, "type": "AWS::IAM::Role",
                               "ARN": "arn:aws:iam::%s:role/DeployAdminRole" % ACCT}],
                   extra={"sharedEventID": uid()}, tls="sts.us-east-1.amazonaws.com"))

    # ---------------- F4: us-east-1, 2024-03-14 17:05 — as DeployAdminRole/sync
    F("F4", "us-east-1", "2024/03/14", "20240314T1705Z", True, "2024-03-14T16:55:00Z", "2024-03-14T17:04:00Z", 20)
    r = files["F4"]["records"]
    A = ATTACKER_ROLE
    rds_attr("F4", A, "2024-03-14T16:55:48Z", "us-east-1", "customers-db-2024-03-14", add=[ATTACKER],
             ip=ATTACKER_IP, ua=cli("rds.modify-db-snapshot-attribute"), expect=[(ATTACKER, "RDSSnapshot")],
             label="A4", note="RDS snapshot shared (succeeds with the backdoored role)")
    rds_attr("F4", A, "2024-03-14T16:56:20Z", "us-east-1", "aurora-payments-2024-03-14", add=[ATTACKER],
             cluster=True, ip=ATTACKER_IP, ua=cli("rds.modify-db-cluster-snapshot-attribute"), expect=[],
             label="X3", note="Aurora cluster snapshot shared: not in rule 0236's event list — extended only")
    rec = s3_bucket_event(A, "2024-03-14T16:57:05Z", "DeleteBucketPublicAccessBlock", "us-east-1",
                          "acme-finance-reports", {"publicAccessBlock": ""}, ip=ATTACKER_IP,
                          ua=cli("s3api.delete-public-access-block"))
    story("F4", rec, [], "X4", "bucket public access block removed — extended only")
    rec = s3_bucket_event(A, "2024-03-14T16:57:40Z", "PutBucketAcl", "us-east-1", "acme-finance-reports", {
        "acl": "", "AccessControlPolicy": {
            "AccessControlList": {"Grant": [
                {"Grantee": {"xsi:type": "CanonicalUser", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                             "ID": "7f3b1c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"},
                 "Permission": "FULL_CONTROL"},
                {"Grantee": {"xsi:type": "Group", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                             "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
                 "Permission": "READ"}]},
            "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
            "Owner": {"ID": "7f3b1c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"}}},
        ip=ATTACKER_IP, ua=cli("s3api.put-bucket-acl"))
    story("F4", rec, [], "X5", "bucket ACL grants READ to AllUsers (public) — extended only")
    policy_event("F4", A, "2024-03-14T16:58:22Z", "us-east-1", "acme-finance-reports", [
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::acme-finance-reports/*"}],
        ip=ATTACKER_IP, ua=cli("s3api.put-bucket-policy"), expect=[], label="P2",
        note='Principal is the bare string "*": Principal.AWS is null, so rule 0236 raises nothing (public bucket!)')
    policy_event("F4", A, "2024-03-14T16:59:03Z", "us-east-1", "acme-customer-exports", [
        {"Sid": "AllowOrdersApi", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::%s:role/orders-api-task-role" % ACCT},
         "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-customer-exports/*"},
        {"Sid": "Sync", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % ATTACKER},
         "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::acme-customer-exports", "arn:aws:s3:::acme-customer-exports/*"]},
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::acme-customer-exports", "arn:aws:s3:::acme-customer-exports/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
        ip=ATTACKER_IP, ua=cli("s3api.put-bucket-policy"), expect=[(ATTACKER, "S3Bucket")], label="A5",
        note="bucket policy grants arn:aws:iam::%s:root (own-account role statement and Deny statement raise nothing)" % ATTACKER)
    ext = {"type": "AWSAccount", "principalId": "AIDAREXAMPLEATTACKER1", "accountId": ATTACKER}
    for i, k in enumerate(["exports/2024/03/14/customers-full.csv.gz", "exports/2024/03/13/customers-full.csv.gz",
                           "exports/2024/03/12/customers-full.csv.gz"]):
        r.append(s3_object_event(ext, "2024-03-14T17:0%d:%02dZ" % (1 + i, 11 + 9 * i), "GetObject", "us-east-1",
                                 "acme-customer-exports", k, ip=ATTACKER_IP, ua=cli("s3.cp"),
                                 bout=rng.randrange(40_000_000, 90_000_000), vpce=False))
    anon = {"type": "AWSAccount", "principalId": "", "accountId": "anonymous"}
    for i, k in enumerate(["2023/annual-report-draft.pdf", "2024/Q1/board-pack.xlsx"]):
        r.append(s3_object_event(anon, "2024-03-14T17:03:%02dZ" % (5 + 30 * i), "GetObject", "us-east-1",
                                 "acme-finance-reports", k, ip="192.0.2.%d" % (44 + i), ua="curl/8.5.0",
                                 bout=rng.randrange(200_000, 3_000_000), vpce=False))

    # ---------------- F5: eu-west-1, 2024-03-14 17:15 — Lambda backdoors
    F("F5", "eu-west-1", "2024/03/14", "20240314T1715Z", False, "2024-03-14T17:05:00Z", "2024-03-14T17:14:00Z", 20)
    lambda_perm("F5", A, "2024-03-14T17:08:14Z", "eu-west-1", "orders-webhook", ATTACKER, "lambda:InvokeFunction",
                ip=ATTACKER_IP, ua=cli("lambda.add-permission"), extra_rp={"statementId": "sync-01"},
                expect=[(ATTACKER, "LambdaFunction")], label="A6", note="function invocable by the unknown account")
    lambda_perm("F5", A, "2024-03-14T17:09:02Z", "eu-west-1", "auth-token-refresh", "*", "lambda:InvokeFunction",
                ip=ATTACKER_IP, ua=cli("lambda.add-permission"), extra_rp={"statementId": "sync-02"},
                expect=[("*", "LambdaFunction")], label="A7", note="function invocable by anyone (principal \"*\")")
    rec = event(A, "2024-03-14T17:10:45Z", "lambda.amazonaws.com", "AddLayerVersionPermission20181031", "eu-west-1",
                {"layerName": "shared-python-deps", "versionNumber": 7, "statementId": "sync-03",
                 "action": "lambda:GetLayerVersion", "principal": ATTACKER},
                {"statement": json.dumps({"Sid": "sync-03", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % ATTACKER},
                                          "Action": "lambda:GetLayerVersion",
                                          "Resource": "arn:aws:lambda:eu-west-1:%s:layer:shared-python-deps:7" % ACCT},
                                         separators=(",", ":")),
                 "revisionId": uid()},
                ip=ATTACKER_IP, ua=cli("lambda.add-layer-version-permission"), ro=False,
                tls="lambda.eu-west-1.amazonaws.com")
    story("F5", rec, [], "X6", "Lambda layer shared with %s: not an AddPermission event — extended only" % ATTACKER)

    # ---------------- F6: us-east-1, 2024-03-15 02:10 — nightly vendor jobs
    F("F6", "us-east-1", "2024/03/15", "20240315T0210Z", False, "2024-03-15T02:00:00Z", "2024-03-15T02:09:00Z", 18)
    policy_event("F6", TF_CI, "2024-03-15T02:05:37Z", "us-east-1", "acme-backups-111122223333", [
        {"Sid": "VendorBackupReplication", "Effect": "Allow",
         "Principal": {"AWS": ["arn:aws:iam::%s:role/VendorBackupReplication" % VENDOR, "arn:aws:iam::%s:root" % VENDOR]},
         "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::acme-backups-111122223333", "arn:aws:s3:::acme-backups-111122223333/*"]},
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::acme-backups-111122223333", "arn:aws:s3:::acme-backups-111122223333/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
        ip="20.42.17.211", ua=TF_UA % "s3#1.51.1", expect=[(VENDOR, "S3Bucket"), (VENDOR, "S3Bucket")], label="V3",
        note="Principal.AWS is an array of two ARNs of the vendor: two rows, so two alerts")
    ec2_perm("F6", BACKUP("2024-03-15T02:07:58Z", 3), "2024-03-15T02:08:03Z", "us-east-1", True,
             "ami-0f1e2d3c4b5a69788", {"add": {"items": [{"userId": VENDOR}]}}, ip="3.80.114.27", ua=BOTO_LAMBDA_UA,
             expect=[(VENDOR, "AMI")], label="V4", note="nightly AMI copy shared with the backup vendor")

    # ---------------- F7: us-east-1, 2024-03-15 09:30 — remediation
    F("F7", "us-east-1", "2024/03/15", "20240315T0930Z", False, "2024-03-15T09:20:00Z", "2024-03-15T09:29:00Z", 16)
    r = files["F7"]["records"]
    N = SSO_NGUYEN
    nip, nua = "203.0.113.88", CONSOLE_UA
    r.append(event(M_KELLER, "2024-03-15T09:20:47Z", "signin.amazonaws.com", "ConsoleLogin", "us-east-1", None,
                   {"ConsoleLogin": "Success"}, ip="203.0.113.24", ua=CONSOLE_UA, ro=False, version="1.09",
                   etype="AwsConsoleSignIn",
                   add={"LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_9c8b7a6f5e4d3c2b",
                        "MobileVersion": "No", "MFAIdentifier": "arn:aws:iam::%s:mfa/m.keller" % ACCT, "MFAUsed": "Yes"},
                   tls="signin.aws.amazon.com"))
    rec = event(N, "2024-03-15T09:21:30Z", "iam.amazonaws.com", "UpdateAccessKey", "us-east-1",
                {"userName": "ci-deploy", "accessKeyId": CI_DEPLOY["accessKeyId"], "status": "Inactive"}, None,
                ip=nip, ua=nua, ro=False, version="1.09", tls="iam.amazonaws.com", console=True)
    r.append(rec)
    rds_attr("F7", N, "2024-03-15T09:22:15Z", "us-east-1", "customers-db-2024-03-14", remove=[ATTACKER], current=[],
             ip=nip, ua=nua, expect=[], label="R1", note="RDS share revoked (valuesToRemove; no valuesToAdd)")
    ec2_perm("F7", N, "2024-03-15T09:23:02Z", "us-east-1", True, "ami-0e7f3c1a5b9d2e4f6",
             {"remove": {"items": [{"userId": ATTACKER}]}}, ip=nip, ua=nua, console=True, expect=[], label="R2",
             note="AMI share revoked (launchPermission.remove)")
    ec2_perm("F7", N, "2024-03-15T09:23:40Z", "us-east-1", False, "snap-0a9b8c7d6e5f4a3b2",
             {"remove": {"items": [{"userId": ATTACKER}]}}, ip=nip, ua=nua, console=True, expect=[], label="R3",
             note="EBS snapshot share revoked")
    ec2_perm("F7", N, "2024-03-15T09:24:11Z", "us-east-1", True, "ami-0b1c2d3e4f5a6b7c8",
             {"remove": {"items": [{"group": "all"}]}}, ip=nip, ua=nua, console=True, expect=[], label="R4",
             note="public AMI made private again")
    r.append(s3_bucket_event(N, "2024-03-15T09:25:02Z", "PutBucketPublicAccessBlock", "us-east-1",
                             "acme-finance-reports", {"publicAccessBlock": "",
                                                      "PublicAccessBlockConfiguration": {
                                                          "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                                                          "BlockPublicAcls": True, "IgnorePublicAcls": True,
                                                          "BlockPublicPolicy": True, "RestrictPublicBuckets": True}},
                             ip=nip, ua=UA_S3C, console=True))
    r.append(s3_bucket_event(N, "2024-03-15T09:25:31Z", "DeleteBucketPolicy", "us-east-1", "acme-finance-reports",
                             {"policy": ""}, ip=nip, ua=UA_S3C, console=True))
    r.append(event(N, "2024-03-15T09:26:48Z", "iam.amazonaws.com", "UpdateAssumeRolePolicy", "us-east-1",
                   {"roleName": "DeployAdminRole",
                    "policyDocument": json.dumps({"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:role/terraform-ci" % ACCT},
                         "Action": "sts:AssumeRole"}]}, separators=(",", ":"))},
                   None, ip=nip, ua=nua, ro=False, version="1.09", tls="iam.amazonaws.com", console=True))

    # ---------------- F8: eu-west-1, 2024-03-15 09:45 — remediation (Lambda)
    F("F8", "eu-west-1", "2024/03/15", "20240315T0945Z", False, "2024-03-15T09:35:00Z", "2024-03-15T09:44:00Z", 16)
    r = files["F8"]["records"]
    for label, t, func, sid in [("R5", "2024-03-15T09:36:10Z", "orders-webhook", "sync-01"),
                                ("R6", "2024-03-15T09:36:52Z", "auth-token-refresh", "sync-02")]:
        rec = event(N, t, "lambda.amazonaws.com", "RemovePermission20150331v2", "eu-west-1",
                    {"functionName": func, "statementId": sid}, None, ip=nip, ua=nua, ro=False,
                    tls="lambda.eu-west-1.amazonaws.com", console=True)
        story("F8", rec, [], label, "Lambda permission %s revoked" % sid)
    rec = event(N, "2024-03-15T09:37:30Z", "lambda.amazonaws.com", "RemoveLayerVersionPermission20181031",
                "eu-west-1", {"layerName": "shared-python-deps", "versionNumber": 7, "statementId": "sync-03"},
                None, ip=nip, ua=nua, ro=False, tls="lambda.eu-west-1.amazonaws.com", console=True)
    story("F8", rec, [], "R7", "layer permission revoked")

    # attach story events to their files
    for fkey, rec, _, _, _ in STORY:
        files[fkey]["records"].append(rec)
    return files


UA_S3C = ("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.660 Linux/5.10.213-180.872.amzn2int.x86_64 "
          "OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 vendor/Oracle_Corporation cfg/retry-mode/standard]")


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------
def gzip_n(path):
    subprocess.run(["gzip", "-n", "-f", path], check=True)
    return path + ".gz"


def write(out):
    files = build()
    base = os.path.join(out, "AWSLogs", ACCT)
    written = {}
    for key in sorted(files):
        f = files[key]
        recs = sorted(f["records"], key=lambda d: d["eventTime"])
        name = "%s_CloudTrail_%s_%s_%s.json" % (ACCT, f["region"], f["stamp"], rs(ALNUM, 16))
        d = os.path.join(base, "CloudTrail", f["region"], f["day"])
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, name)
        data = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        with open(path, "wb") as fh:
            fh.write(data)
        if f["gz"]:
            path = gzip_n(path)
        rel = os.path.relpath(path, out)
        written[key] = {"rel": rel, "records": recs, "sha256": hashlib.sha256(data).hexdigest()}

    # digest covering the us-east-1 files of 16:12:07 -> 17:12:07 (F3, F4)
    dstart, dend = "2024-03-14T16:12:07Z", "2024-03-14T17:12:07Z"
    bucket = "acme-cloudtrail-logs-111122223333"
    logs = []
    for key in ("F4", "F3"):
        w = written[key]
        logs.append({"s3Bucket": bucket, "s3Object": w["rel"], "hashValue": w["sha256"], "hashAlgorithm": "SHA-256",
                     "newestEventTime": w["records"][-1]["eventTime"], "oldestEventTime": w["records"][0]["eventTime"]})
    dname = "%s_CloudTrail-Digest_us-east-1_acme-org-trail_us-east-1_20240314T171207Z.json" % ACCT
    prev = "AWSLogs/%s/CloudTrail-Digest/us-east-1/2024/03/14/%s_CloudTrail-Digest_us-east-1_acme-org-trail_us-east-1_20240314T161207Z.json.gz" % (ACCT, ACCT)
    digest = {"awsAccountId": ACCT, "digestStartTime": dstart, "digestEndTime": dend, "digestS3Bucket": bucket,
              "digestS3Object": "AWSLogs/%s/CloudTrail-Digest/us-east-1/2024/03/14/%s.gz" % (ACCT, dname),
              "digestPublicKeyFingerprint": rs(HEX, 32), "digestSignatureAlgorithm": "SHA256withRSA",
              "newestEventTime": max(l["newestEventTime"] for l in logs),
              "oldestEventTime": min(l["oldestEventTime"] for l in logs),
              "previousDigestS3Bucket": bucket, "previousDigestS3Object": prev,
              "previousDigestHashValue": rs(HEX, 64), "previousDigestHashAlgorithm": "SHA-256",
              "previousDigestSignature": rs(HEX, 512), "logFiles": logs}
    dd = os.path.join(base, "CloudTrail-Digest", "us-east-1", "2024", "03", "14")
    os.makedirs(dd, exist_ok=True)
    dpath = os.path.join(dd, dname)
    with open(dpath, "w") as fh:
        json.dump(digest, fh, separators=(",", ":"))
    gzip_n(dpath)
    return written


def check_and_expected(out, written):
    fname = {k: os.path.basename(w["rel"]) for k, w in written.items()}
    story_ids = {id(rec) for _, rec, _, _, _ in STORY}
    # every noise record must be silent, every story record must match its hand-written expectation
    total = 0
    for k, w in written.items():
        for rec in w["records"]:
            got = rule0236_alerts(rec)
            if id(rec) not in story_ids and got:
                raise SystemExit("noise record raises an alert: %s" % rec["eventID"])
    rows = []
    for fkey, rec, expect, label, note in STORY:
        got = rule0236_alerts(rec)
        if got != expect:
            raise SystemExit("%s: hand expectation %r but rule gives %r" % (label, expect, got))
        total += len(expect)
        rows.append((fkey, rec, expect, label, note))
    rows.sort(key=lambda x: x[1]["eventTime"])
    n_records = sum(len(w["records"]) for w in written.values())
    vendor_alerts = sum(1 for _, _, e, _, _ in rows for a, _ in e if a == VENDOR)

    def grantee_text(rec):
        rp = rec["requestParameters"] or {}
        n = rec["eventName"]
        if n in ("ModifyImageAttribute", "ModifySnapshotAttribute"):
            perm = rp.get("launchPermission") or rp.get("createVolumePermission")
            return "; ".join("%s %s" % (op, ", ".join(i.get("userId") or "group:" + i.get("group", "?") for i in v["items"]))
                             for op, v in perm.items())
        if "valuesToAdd" in rp:
            return "add " + ", ".join(rp["valuesToAdd"])
        if "valuesToRemove" in rp:
            return "remove " + ", ".join(rp["valuesToRemove"])
        if n == "PutBucketPolicy":
            st = rp["bucketPolicy"]["Statement"]
            parts = []
            for s in (st if isinstance(st, list) else [st]):
                p = s["Principal"]
                p = json.dumps(p, separators=(",", ":")) if not isinstance(p, str) else '"%s"' % p
                parts.append("%s %s" % (s["Effect"], p))
            return "; ".join(parts) + ("" if isinstance(st, list) else " (Statement is one object)")
        if "principal" in rp:
            return "principal %s (%s)" % (rp["principal"], rp["action"])
        if n.startswith("Remove"):
            return "statementId %s" % rp["statementId"]
        if n == "PutBucketAcl":
            return "Grant AllUsers READ"
        if n == "DeleteBucketPublicAccessBlock":
            return "—"
        if "policyDocument" in rp or "assumeRolePolicyDocument" in rp:
            return "trust arn:aws:iam::%s:root" % (ATTACKER if n == "UpdateAssumeRolePolicy" else VENDOR)
        return "?"

    def resource(rec):
        rp = rec["requestParameters"] or {}
        for k in ("imageId", "snapshotId", "dBSnapshotIdentifier", "dBClusterSnapshotIdentifier", "bucketName",
                  "functionName", "layerName", "roleName"):
            if k in rp:
                return rp[k]
        return "?"

    L = []
    L.append("# Bundled sample logs — expected results\n")
    L.append("Generated by `bench/make_samples.py` (fixed seed; re-run it to rebuild this folder). "
             "All account ids, keys and ids are invented.\n")
    L.append("## The story\n")
    L.append("Account **%s** (Acme), regions us-east-1 and eu-west-1, 2024-03-14 and 2024-03-15, %d records in %d "
             "log files (2 gzipped) plus one CloudTrail-Digest file, which a reader must skip.\n" % (ACCT, n_records, len(written)))
    L.append("* **%s** is the backup vendor: its Lambda job shares snapshots and AMIs every night and a Terraform "
             "pipeline grants it read access to the backup bucket. An analyst will mark it trusted." % VENDOR)
    L.append("* 2024-03-14 ~16:41Z the access key of IAM user `ci-deploy` is used from %s (Kali CLI). The attacker "
             "probes, fails once (AccessDenied), shares an AMI and an EBS snapshot with **%s**, makes another AMI "
             "public, backdoors `DeployAdminRole`'s trust policy, assumes it from %s and then shares an RDS and an "
             "Aurora snapshot, opens two buckets (one to %s, one to everybody) and two Lambda functions and a layer. "
             "Anonymous and cross-account `GetObject` reads follow." % (ATTACKER_IP, ATTACKER, ATTACKER, ATTACKER))
    L.append("* 2024-03-15 ~09:20Z the security team (`a.nguyen`) disables the key and revokes the shares.")
    L.append("* %s is a partner whose bucket policy has a single `Statement` object." % PARTNER)
    L.append("")
    L.append("## Sharing-related events placed in the logs\n")
    L.append("Sentinel column: what rule 0236 raises (AddedAccount / resource type), one alert per row of the rule's "
             "output; worked out by hand from the rule text and the Kusto semantics in "
             "`kusto-semantics.md`, and cross-checked by the script against a Python re-implementation.\n")
    L.append("| # | file | eventTime | eventID | eventName | resource | grantee as written | sentinel alerts | note |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for fkey, rec, expect, label, note in rows:
        al = "<br>".join("`%s` %s" % a for a in expect) if expect else "—"
        L.append("| %s | %s (%s) | %s | `%s` | %s%s | `%s` | %s | %s | %s |" % (
            label, fkey, fname[fkey], rec["eventTime"], rec["eventID"], rec["eventName"],
            " **(%s)**" % rec["errorCode"] if rec.get("errorCode") else "", resource(rec),
            grantee_text(rec).replace("|", "\\|"), al, note.replace("|", "\\|")))
    L.append("")
    L.append("Files:\n")
    for k in sorted(written):
        L.append("* %s: `%s` (%d records)" % (k, written[k]["rel"], len(written[k]["records"])))
    L.append("* digest (not a log file): `AWSLogs/%s/CloudTrail-Digest/us-east-1/2024/03/14/"
             "%s_CloudTrail-Digest_us-east-1_acme-org-trail_us-east-1_20240314T171207Z.json.gz`" % (ACCT, ACCT))
    L.append("")
    L.append("## Expected counts (sentinel mode)\n")
    L.append("* **No trusted accounts: exactly %d alerts** from %d events." % (
        total, sum(1 for r in rows if r[2])))
    L.append("* With %s trusted: %d alerts (%d of the %d are the vendor's)." % (VENDOR, total - vendor_alerts,
                                                                                   vendor_alerts, total))
    L.append("* By resource type: " + ", ".join("%s %d" % (t, sum(1 for r in rows for a in r[2] if a[1] == t))
                                               for t in ("AMI", "EBSSnapshot", "RDSSnapshot", "S3Bucket", "LambdaFunction")) + ".")
    L.append("* By AddedAccount: " + ", ".join("`%s` %d" % (a, n) for a, n in sorted(
        {a: sum(1 for r in rows for x in r[2] if x[0] == a) for r in rows for a, _ in r[2]}.items())) + ".")
    L.append("")
    L.append("Why some sharing raises nothing in sentinel mode (all of these are for the extended detector):\n")
    L.append("* P2 `Principal: \"*\"` (bare string) → `Statement.Principal.AWS` is null → empty AddedAccount.")
    L.append("* S1 `Statement` is a single object → `mv-expand` yields single-entry bags; the `{\"Effect\":\"Allow\"}` "
             "bag has no `Principal`, the `{\"Principal\":…}` bag has no `Effect`.")
    L.append("* P1 `{\"group\":\"all\"}` → the rule only reads `userId` (it computes SharedGroup but never uses it).")
    L.append("* R1 has `valuesToRemove` and no `valuesToAdd` (mv-expand of null → one null row); R2–R4 only have "
             "`remove` (the `{\"remove\":…}` bag has no `add.items`) → AddedAccount null. R5–R7 are not in the "
             "rule's event list.")
    L.append("* N1, N2: service principals (`cloudtrail.amazonaws.com` is under `Principal.Service`, not "
             "`Principal.AWS`; `s3.amazonaws.com` ends with `.amazonaws.com`). In A5 and V3 the own-account role "
             "and the `Deny` statements are dropped too.")
    L.append("* X1–X6: `CreateRole`, `UpdateAssumeRolePolicy`, `ModifyDBClusterSnapshotAttribute`, "
             "`DeleteBucketPublicAccessBlock`, `PutBucketAcl`, `AddLayerVersionPermission20181031` are not in the "
             "rule's event list.")
    L.append("* A1 failed with AccessDenied but still alerts: the rule never looks at `errorCode`.")
    L.append("")
    with open(os.path.join(out, "EXPECTED.md"), "w") as fh:
        fh.write("\n".join(L))
    return total, n_records


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "resources", "samples"))
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    aws = os.path.join(out, "AWSLogs")
    if os.path.isdir(aws):
        import shutil
        shutil.rmtree(aws)
    os.makedirs(out, exist_ok=True)
    written = write(out)
    total, n = check_and_expected(out, written)
    print("wrote %d log files, %d records to %s; sentinel alerts expected: %d" % (len(written), n, out, total))


if __name__ == "__main__":
    main()
