// Messages of moving an online visit after 停诊 (components/clinic/MoveVisitDialog.vue).
// zh is the schema, en must have the same keys (checked by the compiler).
export const zh = {
  open: '改约其他出诊',
  title: '改约其他出诊',
  intro: '医生已停诊。您可改约同一医生或同一科室的其他出诊，已付费用不变；也可以申请退款。',
  until: '请在 {time} 前选择，逾期将全额退款。',
  paid: '已付诊查费 {fee}',
  empty: '暂无同一医生或科室的其他可约出诊，您可以申请退款后另行预约。',
  free: '余 {count} 个号',
  otherFee: '诊查费 {fee}，与已付费用不同：请退款后重新预约',
  slot: '就诊时间',
  nextFree: '最早的空号',
  submit: '确认改约',
  moved: '已改约',
  refund: '申请退款',
  feeDiffers: '所选出诊诊查费不同，不能直接改约。您可以申请退款后重新预约。',
  taken: '该出诊的号已被约满，请选择其他出诊',
}

export const en: typeof zh = {
  open: 'Move to another session',
  title: 'Move to another session',
  intro: 'The doctor stopped the session. Move the visit to another session of the same doctor or department at the fee you paid, or take the refund.',
  until: 'Choose before {time}; otherwise it is refunded in full.',
  paid: 'Fee paid: {fee}',
  empty: 'No other session of the doctor or department has a free slot; take the refund and book another time.',
  free: '{count} free',
  otherFee: 'Fee {fee}, not the one paid: take the refund and book it',
  slot: 'Time',
  nextFree: 'The earliest free slot',
  submit: 'Move the visit',
  moved: 'Visit moved',
  refund: 'Take the refund',
  feeDiffers: 'That session has another fee, so the visit cannot move there. Take the refund and book it instead.',
  taken: 'That session has just filled up; choose another',
}
