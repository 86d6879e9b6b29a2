import { ElMessageBox, type ElMessageBoxOptions } from 'element-plus'
import { i18n } from '@/i18n'

/** Asks before something that cannot be taken back; true once the user confirms. */
export async function confirmed(message: string, title: string, options: ElMessageBoxOptions = {}): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel'), ...options })
    return true
  } catch {
    return false
  }
}
