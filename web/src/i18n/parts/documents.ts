// Messages of the document verification page (文件核验, /verify): zh is the schema, en must have the
// same keys (checked by the compiler).
export const zh = {
  title: '文件核验',
  intro: '核验本医联体签发的电子文件（会诊报告、转诊单等）是否真实、是否被改动。',
  kinds: {
    consultation_report: '远程会诊报告',
    consultation_addendum: '远程会诊补充报告',
    referral_up: '转诊单（上转）',
    referral_down: '回转单（下转）',
    outpatient_record: '互联网复诊门诊病历',
    prescription: '处方笺',
  },
  register: {
    heading: '登记簿记载',
    found: '编号 {number} 的《{title}》由 {issuer} 于 {issuedAt} 签发。',
    checkFile: '纸质文件只能核对编号与签发信息；要确认电子文件内容未被改动，请上传 PDF 文件。',
    missing: '登记簿中没有编号为 {number}、与此二维码相符的文件。二维码可能不是本平台签发的，或已被改动，请向签发机构核实。',
    incomplete: '二维码的链接不完整，无法查询登记簿。请重新扫码，或上传 PDF 文件核验。',
  },
  upload: {
    heading: '上传 PDF 文件核验',
    choose: '选择 PDF 文件',
    hint: '文件只用于核验，不会被保存；最大 1 MB。',
    checking: '正在核验…',
    tooLarge: '该文件大于 1 MB，不是本平台签发的文件。',
  },
  outcome: {
    authentic: '此文件由 {issuer} 于 {issuedAt} 签发，签名有效，内容未被修改。',
    details: '《{title}》，编号 {number}',
    otherNumber: '注意：上传的文件（编号 {number}）与二维码所指的文件不是同一份。',
    reasons: {
      'not-a-pdf': '这不是一个可读取的 PDF 文件。',
      unsigned: '该文件没有电子签名，无法证明由本平台签发。',
      modified: '文件内容在签名后被修改，不能作为有效文件使用。',
      'untrusted-signer': '文件的签名不是本医联体的签名证书所做，无法证明由本平台签发。',
      'unknown-document': '签名出自本平台的证书，但登记簿中没有这份文件，请向签发机构核实。',
    },
  },
  superseded: '该文件已被更正，请以编号 {number} 的新版本为准。',
  supersededNoNumber: '该文件已被更正，请向签发机构索取新版本。',
  failed: '暂时无法核验，请稍后再试。',
  tooMany: '尝试次数过多，请一分钟后再试。',
  signIn: '登录',
}

export const en: typeof zh = {
  title: 'Verify a document',
  intro: 'Check that an electronic document issued in this alliance (a consultation report, a referral form...) is genuine and unchanged.',
  kinds: {
    consultation_report: 'Remote consultation report',
    consultation_addendum: 'Remote consultation addendum',
    referral_up: 'Referral form (up)',
    referral_down: 'Return referral form (down)',
    outpatient_record: 'Online follow-up outpatient record',
    prescription: 'Prescription slip',
  },
  register: {
    heading: 'What the register says',
    found: '{title} no. {number} was issued by {issuer} on {issuedAt}.',
    checkFile: 'A printed copy can only be matched by number and issuer; to be sure an electronic copy is unchanged, upload the PDF.',
    missing: 'The register holds no document numbered {number} that matches this QR code. The code may not come from this platform, or may have been altered: check with the issuing organisation.',
    incomplete: 'The QR code link is incomplete, so the register cannot be asked. Scan it again, or upload the PDF.',
  },
  upload: {
    heading: 'Upload the PDF to verify it',
    choose: 'Choose a PDF file',
    hint: 'The file is only checked, never stored; at most 1 MB.',
    checking: 'Checking...',
    tooLarge: 'The file is larger than 1 MB: it is not a document this platform issued.',
  },
  outcome: {
    authentic: 'This document was issued by {issuer} on {issuedAt}. The signature is valid and the content has not been changed.',
    details: '{title}, no. {number}',
    otherNumber: 'Note: the uploaded file (no. {number}) is not the document the QR code names.',
    reasons: {
      'not-a-pdf': 'This is not a readable PDF file.',
      unsigned: 'The file has no electronic signature: nothing shows that this platform issued it.',
      modified: 'The content of the file was changed after it was signed: it is not a valid document.',
      'untrusted-signer': 'The file was not signed with the signing certificate of this alliance: nothing shows that this platform issued it.',
      'unknown-document': 'The signature comes from a certificate of this platform, but the register holds no such document: check with the issuing organisation.',
    },
  },
  superseded: 'This document was corrected: the new version, no. {number}, replaces it.',
  supersededNoNumber: 'This document was corrected: ask the issuing organisation for the new version.',
  failed: 'The document cannot be verified right now. Please try again later.',
  tooMany: 'Too many attempts. Please try again in a minute.',
  signIn: 'Sign in',
}
