// Messages of the notifications UI: zh is the schema, en must have the same keys (checked by the compiler).
export const zh = {
  bell: '通知（{n} 条未读）',
  title: '通知',
  markAllRead: '全部标为已读',
  markRead: '标为已读',
  empty: '暂无通知',
  prefs: {
    title: '通知方式',
    intro: '站内通知始终开启。您还可以通过以下方式接收提醒；为保护隐私，短信、微信和邮件只包含病例编号、时间等信息，不含患者信息。',
    inbox: '站内通知',
    inboxAlways: '始终开启',
    enabled: '开启',
    saved: '通知方式已保存',
    addressRequired: '开启前请填写地址',
    channels: {
      sms: '短信',
      wechat: '微信',
      email: '电子邮件',
    },
    address: {
      sms: '手机号码',
      wechat: '微信 OpenID',
      email: '邮箱地址',
    },
    placeholder: {
      sms: '例如 13800138000',
      wechat: '关注公众号后获得',
      email: "例如 name{'@'}example.org",
    },
  },
}

export const en: typeof zh = {
  bell: 'Notifications ({n} unread)',
  title: 'Notifications',
  markAllRead: 'Mark all as read',
  markRead: 'Mark as read',
  empty: 'No notifications',
  prefs: {
    title: 'Notification channels',
    intro:
      'In-app notifications are always on. You can also be reminded through the channels below; to protect privacy, SMS, WeChat and e-mail messages carry only case numbers and times, never patient details.',
    inbox: 'In-app notifications',
    inboxAlways: 'Always on',
    enabled: 'On',
    saved: 'Notification channels saved',
    addressRequired: 'Enter an address before turning this on',
    channels: {
      sms: 'SMS',
      wechat: 'WeChat',
      email: 'E-mail',
    },
    address: {
      sms: 'Mobile number',
      wechat: 'WeChat OpenID',
      email: 'E-mail address',
    },
    placeholder: {
      sms: 'e.g. 13800138000',
      wechat: 'Obtained by following the official account',
      email: "e.g. name{'@'}example.org",
    },
  },
}
