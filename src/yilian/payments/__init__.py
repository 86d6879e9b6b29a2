"""Payments (支付): orders in fen with their items, paid through one of the channels (WeChat Pay,
Alipay, pay at the clinic, demo), cancelled, lapsed or refunded; verified, idempotent gateway
notifications; and the day's movements for reconciliation against the gateways' bills."""
