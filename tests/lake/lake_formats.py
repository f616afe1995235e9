"""Writes the project's CloudTrail fixtures the way each data lake holds them.

- Athena's CloudTrail table (AWS Athena User Guide, "Create the table for CloudTrail
  logs in Athena using partition projection"): lower-case columns, useridentity and
  resources as structs, requestparameters / responseelements / additionaleventdata /
  serviceeventdetails as JSON text, partitioned by the delivery day (yyyy/MM/dd).
- Amazon Security Lake's OCSF API Activity table (class 6003), from the CloudTrail
  mapping of ocsf/examples (OCSF 1.1): api.operation, api.service.name,
  api.request.data (JSON text), actor.user.uid (the ARN), actor.user.account.uid,
  metadata.uid, time (epoch ms) and time_dt, cloud.region, cloud.account.uid,
  src_endpoint.ip or .domain, http_request.user_agent, api.response.error;
  partitioned by region, accountid and eventday (yyyyMMdd).
- Microsoft Sentinel's AWSCloudTrail table (Azure Monitor Logs reference): its
  column names, every value a string, JSON columns as text.
- CloudTrail Lake's GetQueryResults rows (CloudTrail API Reference): a list of
  single-key objects, every value a string, the request and response as maps whose
  nested values are JSON text.
"""
import datetime
import glob
import ipaddress
import json
import os


def load_events(data_dir):
    """Every event of the sharing fixtures and the ordinary traffic, with their files."""
    files = sorted(glob.glob(os.path.join(data_dir, "extended", "*.json"))) \
        + sorted(glob.glob(os.path.join(data_dir, "rule0236", "*.json"))) \
        + [os.path.join(data_dir, "lake", "ordinary.json")]
    events, cloudtrail_files = [], []
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        records = doc["Records"] if isinstance(doc, dict) and "Records" in doc else doc if isinstance(doc, list) else [doc]
        if records and all(isinstance(r, dict) and "eventName" in r for r in records):  # not the Sentinel exports
            cloudtrail_files.append(path)
            events.extend(records)
    return cloudtrail_files, events


def json_text(value):
    """A JSON column as a string column holds it: objects and arrays as their JSON text,
    a string as itself (Hive's JSON SerDe; CloudTrail writes "HIDDEN_DUE_TO_SECURITY_REASONS")."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def epoch_ms(event_time):
    t = datetime.datetime.strptime(event_time.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z")
    return int(t.timestamp() * 1000)


def lower_keys(value):
    """Hive's JSON SerDe matches struct fields without case: the struct's names are lower-case."""
    if isinstance(value, dict):
        return {k.lower(): lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_keys(v) for v in value]
    return value


IDENTITY_FIELDS = ["type", "principalid", "arn", "accountid", "invokedby", "accesskeyid", "username"]


def to_athena_row(ev):
    ident = lower_keys(ev.get("userIdentity") or {})
    identity = {k: ident.get(k) for k in IDENTITY_FIELDS}
    ctx = ident.get("sessioncontext") or {}
    identity["sessioncontext"] = {
        "attributes": {k: (ctx.get("attributes") or {}).get(k) for k in ["mfaauthenticated", "creationdate"]},
        "sessionissuer": {k: (ctx.get("sessionissuer") or {}).get(k) for k in ["type", "principalid", "arn", "accountid", "username"]},
    }
    resources = [{k: lower_keys(r).get(k) for k in ["arn", "accountid", "type"]} for r in ev.get("resources") or []]
    text = lambda key: None if ev.get(key) is None else str(ev.get(key)).lower() if isinstance(ev.get(key), bool) else str(ev.get(key))
    return {
        "eventversion": text("eventVersion"), "useridentity": identity, "eventtime": ev.get("eventTime"),
        "eventsource": ev.get("eventSource"), "eventname": ev.get("eventName"), "awsregion": ev.get("awsRegion"),
        "sourceipaddress": ev.get("sourceIPAddress"), "useragent": ev.get("userAgent"),
        "errorcode": ev.get("errorCode"), "errormessage": ev.get("errorMessage"),
        "requestparameters": json_text(ev.get("requestParameters")),
        "responseelements": json_text(ev.get("responseElements")),
        "additionaleventdata": json_text(ev.get("additionalEventData")),
        "requestid": ev.get("requestID"), "eventid": ev.get("eventID"), "readonly": text("readOnly"),
        "resources": resources or None, "eventtype": ev.get("eventType"), "apiversion": ev.get("apiVersion"),
        "recipientaccountid": ev.get("recipientAccountId"),
        "serviceeventdetails": json_text(ev.get("serviceEventDetails")), "sharedeventid": ev.get("sharedEventID"),
        "vpcendpointid": ev.get("vpcEndpointId"),
        # The partitions of the table `sharescope query --create-table` makes for an organisation trail.
        "account": ev.get("recipientAccountId"), "region": ev.get("awsRegion"),
        "timestamp": ev.get("eventTime", "")[:10].replace("-", "/"),
    }


ATHENA_COLUMNS = {
    "eventversion": "VARCHAR",
    "useridentity": "STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR, "
                    "accesskeyid VARCHAR, username VARCHAR, sessioncontext STRUCT(attributes STRUCT(mfaauthenticated VARCHAR, "
                    "creationdate VARCHAR), sessionissuer STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, "
                    "accountid VARCHAR, username VARCHAR)))",
    "eventtime": "VARCHAR", "eventsource": "VARCHAR", "eventname": "VARCHAR", "awsregion": "VARCHAR",
    "sourceipaddress": "VARCHAR", "useragent": "VARCHAR", "errorcode": "VARCHAR", "errormessage": "VARCHAR",
    "requestparameters": "VARCHAR", "responseelements": "VARCHAR", "additionaleventdata": "VARCHAR",
    "requestid": "VARCHAR", "eventid": "VARCHAR", "readonly": "VARCHAR",
    "resources": "STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]", "eventtype": "VARCHAR",
    "apiversion": "VARCHAR", "recipientaccountid": "VARCHAR", "serviceeventdetails": "VARCHAR",
    "sharedeventid": "VARCHAR", "vpcendpointid": "VARCHAR", "account": "VARCHAR", "region": "VARCHAR", "timestamp": "VARCHAR",
}


def is_ip(text):
    try:
        ipaddress.ip_address(text)
        return True
    except (ValueError, TypeError):
        return False


def to_ocsf(ev):
    ident = ev.get("userIdentity") or {}
    ms = epoch_ms(ev["eventTime"])
    source_ip = ev.get("sourceIPAddress")
    return {
        "metadata": {"uid": ev.get("eventID"), "event_code": ev.get("eventType"), "version": "1.1.0",
                     "product": {"name": "CloudTrail", "vendor_name": "AWS", "version": ev.get("eventVersion")}},
        "time": ms,
        "time_dt": datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        "class_uid": 6003, "category_uid": 6,
        "api": {"operation": ev.get("eventName"), "service": {"name": ev.get("eventSource")},
                "request": {"uid": ev.get("requestID"), "data": json_text(ev.get("requestParameters"))},
                "response": {"error": ev.get("errorCode"), "message": ev.get("errorMessage"),
                             "data": json_text(ev.get("responseElements"))}},
        "actor": {"user": {"type": ident.get("type"), "uid": ident.get("arn"), "uid_alt": ident.get("principalId"),
                           "name": ident.get("userName"), "account": {"uid": ident.get("accountId")}}},
        "cloud": {"provider": "AWS", "region": ev.get("awsRegion"), "account": {"uid": ev.get("recipientAccountId")}},
        "src_endpoint": {"ip": source_ip if is_ip(source_ip) else None, "domain": None if is_ip(source_ip) else source_ip},
        "http_request": {"user_agent": ev.get("userAgent")},
        "region": ev.get("awsRegion"), "accountid": ev.get("recipientAccountId"),
        "eventday": ev["eventTime"][:10].replace("-", ""),
        "resources": [{"uid": r.get("ARN"), "type": r.get("type"), "owner": {"account": {"uid": r.get("accountId")}}}
                      for r in ev.get("resources") or []] or None,
        # What the mapping leaves unmapped, as text (map<string,string>).
        "unmapped": {k: json_text(ev[k]) if not isinstance(ev[k], str) else ev[k]
                     for k in ("serviceEventDetails", "sharedEventID") if ev.get(k) is not None} or None,
    }


OCSF_COLUMNS = {
    "metadata": "STRUCT(uid VARCHAR, event_code VARCHAR, version VARCHAR, product STRUCT(name VARCHAR, vendor_name VARCHAR, version VARCHAR))",
    "time": "BIGINT", "time_dt": "TIMESTAMP", "class_uid": "INTEGER", "category_uid": "INTEGER",
    "api": "STRUCT(operation VARCHAR, service STRUCT(name VARCHAR), request STRUCT(uid VARCHAR, data VARCHAR), "
           "response STRUCT(error VARCHAR, message VARCHAR, data VARCHAR))",
    "actor": "STRUCT(\"user\" STRUCT(type VARCHAR, uid VARCHAR, uid_alt VARCHAR, name VARCHAR, account STRUCT(uid VARCHAR)))",
    "cloud": "STRUCT(provider VARCHAR, region VARCHAR, account STRUCT(uid VARCHAR))",
    "src_endpoint": "STRUCT(ip VARCHAR, domain VARCHAR)", "http_request": "STRUCT(user_agent VARCHAR)",
    "region": "VARCHAR", "accountid": "VARCHAR", "eventday": "VARCHAR",
    "resources": "STRUCT(uid VARCHAR, type VARCHAR, owner STRUCT(account STRUCT(uid VARCHAR)))[]",
    "unmapped": "MAP(VARCHAR, VARCHAR)",
}


def sentinel_text(value):
    if value is None:
        return ""
    return value if isinstance(value, str) else json_text(value)


def to_sentinel_row(ev):
    ident = ev.get("userIdentity") or {}
    issuer = ((ident.get("sessionContext") or {}).get("sessionIssuer") or {})
    return {
        "TimeGenerated": ev.get("eventTime"), "EventName": ev.get("eventName"), "EventSource": ev.get("eventSource"),
        "AwsEventId": sentinel_text(ev.get("eventID")), "AWSRegion": sentinel_text(ev.get("awsRegion")),
        "SourceIpAddress": sentinel_text(ev.get("sourceIPAddress")), "UserAgent": sentinel_text(ev.get("userAgent")),
        "ErrorCode": sentinel_text(ev.get("errorCode")), "ErrorMessage": sentinel_text(ev.get("errorMessage")),
        "UserIdentityType": sentinel_text(ident.get("type")), "UserIdentityAccountId": sentinel_text(ident.get("accountId")),
        "UserIdentityArn": sentinel_text(ident.get("arn")), "UserIdentityPrincipalid": sentinel_text(ident.get("principalId")),
        "SessionIssuerArn": sentinel_text(issuer.get("arn")), "EventTypeName": sentinel_text(ev.get("eventType")),
        "RecipientAccountId": sentinel_text(ev.get("recipientAccountId")),
        "RequestParameters": sentinel_text(ev.get("requestParameters")),
        "ResponseElements": sentinel_text(ev.get("responseElements")),
        "Resources": sentinel_text(ev.get("resources")), "ServiceEventDetails": sentinel_text(ev.get("serviceEventDetails")),
        "SharedEventId": sentinel_text(ev.get("sharedEventID")), "UserIdentityUserName": sentinel_text(ident.get("userName")),
    }


def map_column(value):
    """CloudTrail Lake's map<string,string>: nested values as JSON text."""
    if not isinstance(value, dict):
        return None
    return {k: v if isinstance(v, str) else json_text(v) for k, v in value.items()}


def lossless_in_map(ev):
    """Whether CloudTrail Lake's map<string,string> keeps this event's request and response
    recoverable: objects whose top-level values are objects, arrays or strings that do not
    themselves look like JSON (a boolean or number becomes text there, and a string holding
    JSON cannot be told from a nested object)."""
    for value in (ev.get("requestParameters"), ev.get("responseElements")):
        if value is None:
            continue
        if not isinstance(value, dict):
            return False
        for v in value.values():
            if isinstance(v, (bool, int, float)) or (isinstance(v, str) and v[:1] in ("{", "[")):
                return False
    return True


def to_cloudtrail_lake_row(ev):
    ident = ev.get("userIdentity") or {}
    cells = {
        "eventid": ev.get("eventID"), "eventtime": ev.get("eventTime"),
        "eventsource": ev.get("eventSource"), "eventname": ev.get("eventName"), "awsregion": ev.get("awsRegion"),
        "sourceipaddress": ev.get("sourceIPAddress"), "useragent": ev.get("userAgent"),
        "errorcode": ev.get("errorCode"), "eventtype": ev.get("eventType"),
        "recipientaccountid": ev.get("recipientAccountId"), "useridentity_type": ident.get("type"),
        "useridentity_accountid": ident.get("accountId"), "useridentity_arn": ident.get("arn"),
        "requestparameters": json_text(map_column(ev.get("requestParameters"))),
        "responseelements": json_text(map_column(ev.get("responseElements"))),
        "useridentity_username": ident.get("userName"),
        "resources_json": json_text([lower_keys(r) for r in ev.get("resources") or []] or None),
        "serviceeventdetails": json_text(map_column(ev.get("serviceEventDetails"))),
        "sharedeventid": ev.get("sharedEventID"),
    }
    return [{k: v} for k, v in cells.items() if v is not None]
