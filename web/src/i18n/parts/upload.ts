// Messages of the upload UI: zh is the schema, en must have the same keys (checked by the compiler).
export const zh = {
  uploading: '正在上传 {percent}%',
  paused: '网络中断，恢复后将从断点继续上传…',
  done: '上传完成',
  cancelled: '已取消上传',
  cancel: '取消上传',
  tooLarge: '文件过大，单个文件不能超过 {limit}',
  typeNotAllowed: '不支持该文件类型，可上传图片（JPEG、PNG、WebP、GIF）、PDF、文本、DICOM、MP3/M4A 音频和 MP4 视频',
  typeMismatch: '文件内容与文件类型不符，请确认文件未损坏或改过扩展名',
  failed: '上传失败：{reason}',
}

export const en: typeof zh = {
  uploading: 'Uploading {percent}%',
  paused: 'The network dropped; the upload will continue where it stopped once it is back…',
  done: 'Upload complete',
  cancelled: 'Upload cancelled',
  cancel: 'Cancel upload',
  tooLarge: 'The file is too large; each file may be at most {limit}',
  typeNotAllowed: 'This file type is not allowed. You can upload images (JPEG, PNG, WebP, GIF), PDF, plain text, DICOM, MP3/M4A audio and MP4 video',
  typeMismatch: "The file's content does not match its type; check that it is not damaged or renamed",
  failed: 'Upload failed: {reason}',
}
