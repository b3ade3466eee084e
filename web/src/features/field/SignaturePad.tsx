/**
 * A drawing surface for the customer's signature: pointer events (finger, pen and mouse alike),
 * sharp on high-density screens, no page scrolling while drawing (`touch-action: none`).
 */
import { Button } from 'antd';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useT } from '../../lib/i18n';

export type SignaturePadHandle = {
  /** The drawing as a PNG data URL, or null when nothing was drawn. */
  toPng(): string | null;
  clear(): void;
};

type Props = { height?: number; onChange?: (isEmpty: boolean) => void };

export const SignaturePad = forwardRef<SignaturePadHandle, Props>(function SignaturePad(
  { height = 180, onChange },
  ref,
) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ id: number; x: number; y: number } | null>(null);
  const [isEmpty, setIsEmpty] = useState(true);
  const isEmptyRef = useRef(true);

  const markEmpty = useCallback(
    (empty: boolean) => {
      isEmptyRef.current = empty;
      setIsEmpty(empty);
      onChange?.(empty);
    },
    [onChange],
  );

  // Size the bitmap to the element × device pixel ratio; a drawing survives a resize (the phone
  // rotating, a scrollbar appearing) scaled to the new width.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const resize = () => {
      const ratio = window.devicePixelRatio || 1;
      const { width } = canvas.getBoundingClientRect();
      if (Math.round(width * ratio) === canvas.width) return;
      let previous: HTMLCanvasElement | null = null;
      if (!isEmptyRef.current && canvas.width > 0) {
        previous = document.createElement('canvas');
        previous.width = canvas.width;
        previous.height = canvas.height;
        previous.getContext('2d')?.drawImage(canvas, 0, 0);
      }
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      const context = canvas.getContext('2d');
      if (!context) return;
      context.scale(ratio, ratio);
      context.lineWidth = 2.2;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      context.strokeStyle = '#111';
      if (previous) context.drawImage(previous, 0, 0, width, height);
      else markEmpty(true);
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [height, markEmpty]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const { x, y } = point(event);
    drawing.current = { id: event.pointerId, x, y };
    const context = event.currentTarget.getContext('2d');
    if (!context) return;
    // A dot for a tap.
    context.beginPath();
    context.arc(x, y, 1.1, 0, Math.PI * 2);
    context.fillStyle = '#111';
    context.fill();
    if (isEmpty) markEmpty(false);
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const last = drawing.current;
    if (!last || last.id !== event.pointerId) return;
    event.preventDefault();
    const context = event.currentTarget.getContext('2d');
    if (!context) return;
    // Coalesced events give smooth lines on fast strokes where the browser offers them.
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [event.nativeEvent];
    const rect = event.currentTarget.getBoundingClientRect();
    context.beginPath();
    context.moveTo(last.x, last.y);
    let x = last.x;
    let y = last.y;
    for (const sample of events) {
      x = sample.clientX - rect.left;
      y = sample.clientY - rect.top;
      context.lineTo(x, y);
    }
    context.stroke();
    drawing.current = { id: last.id, x, y };
  };

  const onPointerUp = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current?.id === event.pointerId) drawing.current = null;
  };

  const clear = useCallback(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.restore();
    markEmpty(true);
  }, [markEmpty]);

  useImperativeHandle(
    ref,
    () => ({
      toPng: () => {
        const canvas = canvasRef.current;
        if (!canvas || isEmpty) return null;
        // A white background, so the signature prints and shows on dark viewers alike.
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const context = copy.getContext('2d');
        if (!context) return null;
        context.fillStyle = '#fff';
        context.fillRect(0, 0, copy.width, copy.height);
        context.drawImage(canvas, 0, 0);
        return copy.toDataURL('image/png');
      },
      clear,
    }),
    [clear, isEmpty],
  );

  return (
    <div className="signature-pad">
      <canvas
        ref={canvasRef}
        style={{ height }}
        aria-label={t('fieldWork.signature.area')}
        data-testid="signature-canvas"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
      {isEmpty && <span className="signature-pad-hint">{t('fieldWork.signature.hint')}</span>}
      <Button size="small" onClick={clear} className="signature-pad-clear" data-testid="signature-clear">
        {t('fieldWork.signature.clear')}
      </Button>
    </div>
  );
});
