/**
 * Control characters from a Dockerfile must not reach a terminal (an escape sequence in a hostile
 * or binary file could rewrite the screen): each becomes its one-column Unicode control picture
 * (ESC is ␛), so carets under a code frame still line up. C1 controls become U+FFFD. Tabs and
 * line breaks stay.
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g, (char) => {
    const code = char.charCodeAt(0);
    return code === 0x7f ? "\u2421" : code < 0x20 ? String.fromCharCode(0x2400 + code) : "\ufffd";
  });
}
