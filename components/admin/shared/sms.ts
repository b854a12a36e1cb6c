// SMS length as carriers bill it: GSM-7 (160 characters, 153 per part when split; the extension
// characters take two) unless any character needs UCS-2 (70, or 67 per part, in UTF-16 units).

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export type SmsLength = {
  encoding: "GSM-7" | "UCS-2";
  /** Characters as the person typing sees them. */
  characters: number;
  /** Units the encoding counts: septets for GSM-7 (extension characters are two), UTF-16 units for UCS-2. */
  units: number;
  segments: number;
  /** Units per segment at this length (160/153 or 70/67). */
  perSegment: number;
  /** Units left before the next segment starts. */
  remaining: number;
};

export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const characters = [...text].length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const units = gsm ? septets : text.length;
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  const perSegment = segments > 1 ? multi : single;
  const remaining = segments === 0 ? single : segments * perSegment - units;
  return { encoding: gsm ? "GSM-7" : "UCS-2", characters, units, segments, perSegment, remaining };
}
