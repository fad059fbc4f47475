import { Skeleton } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * The otpauth:// URI as a QR code: drawn as SVG text by `qrcode` (no canvas), shown as a data: image
 * (the CSP allows img-src data:). The URI holds the secret: it stays in memory, in this image only.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    QRCode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      .then((svg) => { if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`); })
      .catch(() => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [value]);
  if (failed) return null; // the secret is shown as text beside it, for manual entry
  if (!src) return <Skeleton width={200} height={200} aria-label="Drawing the QR code" />;
  return <img src={src} alt={label} width={200} height={200} style={{ background: '#fff', imageRendering: 'pixelated' }} data-testid="totp-qr" />;
}
