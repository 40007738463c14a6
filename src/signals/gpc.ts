/**
 * Global Privacy Control: a browser-wide "do not sell or share", which this widget reads as a
 * refusal of every optional category (https://privacycg.github.io/gpc-spec/).
 */
declare global {
  interface Navigator {
    /** `true` when the visitor turned on Global Privacy Control. */
    readonly globalPrivacyControl?: boolean;
  }
}

/** Whether the browser sends Global Privacy Control; not when the page's own getter for it throws. */
export function gpcRequested(): boolean {
  try {
    return typeof navigator !== 'undefined' && navigator.globalPrivacyControl === true;
  } catch {
    return false;
  }
}
