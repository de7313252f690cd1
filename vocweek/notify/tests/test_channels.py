"""The SMS gateway adapter signs its requests as Alibaba Cloud documents; nothing goes online."""

import json
import logging
import urllib.parse
from datetime import UTC, datetime

import pytest

from vocweek.core.phones import mask_mobile
from vocweek.notify.channels import (
    AliyunSmsBackend,
    DeliveryError,
    LogSmsBackend,
    aliyun_signature,
    percent_encode,
)

# The worked example of Alibaba Cloud's SMS API documentation (SendSms, signature version 1.0).
DOCUMENTED_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
DOCUMENTED_SIGNATURE = "zJDF+Lrzhj/ThnlvIToysFRq6t4="


class RecordingTransport:
    """Stands in for the network: keeps the URL asked for and answers like the gateway."""

    def __init__(self, answer: dict) -> None:
        self.answer = answer
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return json.dumps(self.answer).encode()


def backend(transport) -> AliyunSmsBackend:
    return AliyunSmsBackend(
        access_key_id="testId",
        access_key_secret="testSecret",
        sign_name="山西职教活动周",
        template_code="SMS_71390007",
        transport=transport,
    )


def test_signature_matches_the_documented_example():
    assert aliyun_signature(DOCUMENTED_PARAMS, "testSecret") == DOCUMENTED_SIGNATURE


def test_percent_encoding_follows_the_gateway_rules():
    assert percent_encode("a b*c~/") == "a%20b%2Ac~%2F"


def test_signed_request_carries_template_params_and_a_signature_the_gateway_accepts():
    transport = RecordingTransport({"Code": "OK", "Message": "OK", "BizId": "1"})
    backend(transport).send_sms(
        mobile="13812345678", text="提醒", params={"unit": "清徐县职业中学", "day": "3"}
    )
    [url] = transport.urls
    assert url.startswith("https://dysmsapi.aliyuncs.com/?Signature=")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query["PhoneNumbers"] == "13812345678"
    assert query["SignName"] == "山西职教活动周"
    assert json.loads(query["TemplateParam"]) == {"unit": "清徐县职业中学", "day": "3"}
    signature = query.pop("Signature")
    assert signature == aliyun_signature(query, "testSecret")


def test_fixed_nonce_and_time_give_the_documented_request():
    documented = AliyunSmsBackend(
        access_key_id="testId",
        access_key_secret="testSecret",
        sign_name="阿里云短信测试专用",
        template_code="SMS_71390007",
        transport=RecordingTransport({}),
    )
    params = documented.request_params(
        mobile="15300000001",
        params={"customer": "test"},
        nonce="45e25e9b-0a6f-4070-8c85-2956eda1b466",
        timestamp=datetime(2017, 7, 12, 2, 42, 19, tzinfo=UTC),
        out_id="123",
    )
    signature = params.pop("Signature")
    # We ask for JSON answers; the documentation's example asks for XML, all else is equal.
    assert {**params, "Format": "XML"} == DOCUMENTED_PARAMS
    assert signature == aliyun_signature(params, "testSecret")
    assert aliyun_signature({**params, "Format": "XML"}, "testSecret") == DOCUMENTED_SIGNATURE


def test_gateway_refusal_is_a_delivery_error_with_its_code():
    transport = RecordingTransport({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"})
    with pytest.raises(DeliveryError, match=r"isv\.BUSINESS_LIMIT_CONTROL"):
        backend(transport).send_sms(mobile="13812345678", text="提醒", params={})


def test_log_backend_logs_the_text_with_the_number_masked(caplog):
    with caplog.at_level(logging.INFO, logger="vocweek.notify.channels"):
        LogSmsBackend().send_sms(mobile="13812345678", text="请及时报送", params={})
    assert "138****5678" in caplog.text and "请及时报送" in caplog.text
    assert "13812345678" not in caplog.text


def test_mobile_numbers_are_masked_in_the_middle():
    assert mask_mobile("13812345678") == "138****5678"
