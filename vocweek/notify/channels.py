"""Where messages go: e-mail, SMS through a configurable gateway, and in-app notices.

Every channel has one method, `send(message)`, which returns once the message is handed over and
raises `DeliveryError` when it is not. The SMS gateway is chosen by `VOCWEEK_SMS_BACKEND`: the
default logs the text (the `Delivery` row is the record); `AliyunSmsBackend` sends through
Alibaba Cloud SMS (dysmsapi, signature version 1.0) with plain HTTPS calls.
"""

import base64
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from vocweek.core import clock
from vocweek.core.phones import mask_mobile
from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Notice

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A channel could not hand a message over; the text goes into the delivery log."""


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to one recipient on one channel.

    `recipient` is the channel's address: an e-mail address, a mobile number, or for notices the
    user's pk. `template_params` feed SMS gateways that send pre-approved templates only, and
    `template` names which of them (see VOCWEEK_SMS_TEMPLATES); empty means the default one.
    """

    recipient: str
    subject: str
    body: str
    url: str = ""
    user_id: int | None = None
    template_params: Mapping[str, str] = field(default_factory=dict)
    template: str = ""


class Channel(Protocol):
    name: ClassVar[str]

    def send(self, message: OutgoingMessage) -> None: ...


def absolute_url(url: str) -> str:
    """A console path as a link that works outside the browser (e-mail)."""
    if url.startswith("/"):
        return settings.VOCWEEK_SITE_URL.rstrip("/") + url
    return url


class EmailChannel:
    name = ChannelName.EMAIL

    def send(self, message: OutgoingMessage) -> None:
        text = message.body
        if message.url:
            text = f"{text}\n\n{absolute_url(message.url)}\n"
        try:
            send_mail(
                subject=message.subject,
                message=text,
                from_email=None,
                recipient_list=[message.recipient],
            )
        except Exception as error:  # SMTP and socket errors alike
            raise DeliveryError(str(error)[:300]) from error


class NoticeChannel:
    name = ChannelName.NOTICE

    def send(self, message: OutgoingMessage) -> None:
        if message.user_id is None:
            raise DeliveryError("an in-app notice needs a user")
        Notice.objects.create(
            user_id=message.user_id,
            title=message.subject[:200],
            body=message.body,
            url=message.url,
            created_at=clock.now(),
        )


class SmsBackend(Protocol):
    def send_sms(
        self, *, mobile: str, text: str, params: Mapping[str, str], template: str = ""
    ) -> None: ...


class LogSmsBackend:
    """The default: writes the text to the log; the `Delivery` row records that it was sent."""

    def send_sms(
        self, *, mobile: str, text: str, params: Mapping[str, str], template: str = ""
    ) -> None:
        logger.info("SMS to %s: %s", mask_mobile(mobile), text)


# --- Alibaba Cloud SMS (dysmsapi 2017-05-25), RPC signature version 1.0 ---------------------

Transport = Callable[[str], bytes]


def urllib_transport(url: str, timeout: float = 10.0) -> bytes:
    """GET `url` over HTTPS and return the body (gateway errors come back as JSON too)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()
    except OSError as error:
        raise DeliveryError(f"SMS gateway unreachable: {error}") from error


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Alibaba Cloud signs it: spaces %20, '*' %2A, '~' kept."""
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(params: Mapping[str, str], secret: str, method: str = "GET") -> str:
    """HMAC-SHA1 over the canonical query, keyed with the secret plus '&' (signature 1.0)."""
    canonical = "&".join(
        f"{percent_encode(name)}={percent_encode(params[name])}" for name in sorted(params)
    )
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend:
    """Alibaba Cloud SMS: sends an approved template under the approved signature
    `VOCWEEK_SMS_SIGN_NAME`, filling it with the message's template params. The template is the
    one VOCWEEK_SMS_TEMPLATES names for the message's kind (daily reminder, plan reminder …), else
    the default `VOCWEEK_SMS_TEMPLATE_CODE`."""

    endpoint = "https://dysmsapi.aliyuncs.com/"

    def __init__(
        self,
        *,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        sign_name: str | None = None,
        template_code: str | None = None,
        transport: Transport | None = None,
    ) -> None:
        self.access_key_id = access_key_id or settings.VOCWEEK_SMS_ACCESS_KEY_ID
        self.access_key_secret = access_key_secret or settings.VOCWEEK_SMS_ACCESS_KEY_SECRET
        self.sign_name = sign_name or settings.VOCWEEK_SMS_SIGN_NAME
        self.template_code = template_code or settings.VOCWEEK_SMS_TEMPLATE_CODE
        missing = [
            name
            for name, value in (
                ("VOCWEEK_SMS_ACCESS_KEY_ID", self.access_key_id),
                ("VOCWEEK_SMS_ACCESS_KEY_SECRET", self.access_key_secret),
                ("VOCWEEK_SMS_SIGN_NAME", self.sign_name),
                ("VOCWEEK_SMS_TEMPLATE_CODE", self.template_code),
            )
            if not value
        ]
        if missing:
            raise ImproperlyConfigured(f"Alibaba Cloud SMS needs {', '.join(missing)}.")
        self.transport = transport or urllib_transport

    def request_params(
        self,
        *,
        mobile: str,
        params: Mapping[str, str],
        nonce: str | None = None,
        timestamp: datetime | None = None,
        out_id: str = "",
        template: str = "",
    ) -> dict[str, str]:
        """The signed query parameters of one SendSms call."""
        moment = (timestamp or datetime.now(UTC)).astimezone(UTC)
        query = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": mobile,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": settings.VOCWEEK_SMS_TEMPLATES.get(template) or self.template_code,
            "TemplateParam": json.dumps(dict(params), ensure_ascii=False, separators=(",", ":")),
            "Timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        if out_id:
            query["OutId"] = out_id
        return {"Signature": aliyun_signature(query, self.access_key_secret), **query}

    def request_url(self, **kwargs) -> str:
        query = self.request_params(**kwargs)
        return (
            self.endpoint
            + "?"
            + "&".join(
                f"{percent_encode(name)}={percent_encode(value)}" for name, value in query.items()
            )
        )

    def send_sms(
        self, *, mobile: str, text: str, params: Mapping[str, str], template: str = ""
    ) -> None:
        raw = self.transport(self.request_url(mobile=mobile, params=params, template=template))
        try:
            answer = json.loads(raw)
        except ValueError as error:
            raise DeliveryError(f"SMS gateway answered: {raw[:200]!r}") from error
        if answer.get("Code") != "OK":
            raise DeliveryError(f"{answer.get('Code')}: {answer.get('Message', '')}"[:300])


def sms_backend() -> SmsBackend:
    """The configured SMS gateway (VOCWEEK_SMS_BACKEND)."""
    return import_string(settings.VOCWEEK_SMS_BACKEND)()


class SmsChannel:
    name = ChannelName.SMS

    def __init__(self, backend: SmsBackend | None = None) -> None:
        self.backend = backend or sms_backend()

    def send(self, message: OutgoingMessage) -> None:
        self.backend.send_sms(
            mobile=message.recipient,
            text=message.body,
            params=message.template_params,
            template=message.template,
        )


def channel_for(name: str) -> Channel:
    """The channel object for a channel name."""
    channels: dict[str, type] = {
        ChannelName.EMAIL: EmailChannel,
        ChannelName.SMS: SmsChannel,
        ChannelName.NOTICE: NoticeChannel,
    }
    return channels[name]()
