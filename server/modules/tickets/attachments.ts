/**
 * Photos and files of a ticket or a visit (TKT-1, DSP-4). The real type is read from the content's
 * magic bytes (`file-type`), never from the client's header or the file name alone; photos are
 * re-encoded with `sharp` (libvips, prebuilt binaries from the npm registry), which drops EXIF, GPS
 * location, XMP and comments — only the orientation is applied first so the picture stays upright.
 * The size limit is the setting `attachments.maxMegabytes`. Content is stored in PostgreSQL so app
 * instances stay stateless.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { DbOrTx } from '../../db/database.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import { settings as settingsTable } from '../org/org.table.js';
import { resolveSetting } from '../org/settings.rules.js';
import { writeTicketEvent } from './ticket-transitions.js';
import type { attachmentKinds } from './tickets.contract.js';
import { attachments } from './tickets.table.js';

export type AttachmentKind = (typeof attachmentKinds)[number];

/** Photo types: re-encoded without metadata. */
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);

/** Document types recognised by their content. */
const documentTypes = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);

/** Legacy Office files share one container format (CFB); the extension tells which. */
const legacyOffice: Record<string, string> = {
  '.doc': 'application/msword',
  '.xls': 'application/vnd.ms-excel',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.wps': 'application/vnd.ms-works',
  '.et': 'application/vnd.ms-excel',
};

/** Plain text has no magic bytes: accepted by extension when it holds no binary bytes. */
const textExtensions: Record<string, string> = {
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
};

const wrongType = () =>
  invalidField('file', {
    zh: '文件类型不支持：只能上传照片（JPEG、PNG、WebP、HEIC）、PDF、Office 文档或纯文本',
    en: 'Unsupported file type: upload photos (JPEG, PNG, WebP, HEIC), PDF, Office documents or plain text',
  });

export const tooLarge = (maxMegabytes: number) =>
  invalidField('file', {
    zh: `文件超过大小上限 ${maxMegabytes} MB`,
    en: `The file is larger than the limit of ${maxMegabytes} MB`,
  });

/** The file name without any path, control characters or excess length. */
export function cleanFileName(name: string | undefined, fallback = 'file'): string {
  const base = path.basename((name ?? '').replaceAll('\\', '/'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!cleaned || cleaned === '.' || cleaned === '..') return fallback;
  if (cleaned.length <= 120) return cleaned;
  const extension = path.extname(cleaned).slice(0, 10);
  return cleaned.slice(0, 120 - extension.length) + extension;
}

/** The content's real type, or 400 on field `file` when it is not one we accept. */
export async function detectAttachmentType(content: Buffer, fileName: string): Promise<string> {
  const detected = await fileTypeFromBuffer(content);
  const extension = path.extname(fileName).toLowerCase();
  if (detected) {
    if (imageTypes.has(detected.mime) || documentTypes.has(detected.mime)) return detected.mime;
    if (detected.mime === 'image/heif-sequence' || detected.mime === 'image/heic-sequence') return 'image/heic';
    if (detected.mime === 'application/x-cfb' && legacyOffice[extension]) return legacyOffice[extension];
    throw wrongType();
  }
  if (textExtensions[extension] && !content.includes(0)) return textExtensions[extension];
  throw wrongType();
}

export type PreparedAttachment = {
  fileName: string;
  contentType: string;
  content: Buffer;
  byteSize: number;
  sha256: string;
  isPhoto: boolean;
};

/**
 * Checks size and type and removes photo metadata. Photos keep their format; HEIC is converted to
 * JPEG (browsers cannot show HEIC, and the bundled libvips reads only the AV1-coded kind: other HEIC
 * files are refused with a message rather than stored with their location data).
 */
export async function prepareAttachment(input: {
  content: Buffer;
  fileName: string | undefined;
  maxBytes: number;
}): Promise<PreparedAttachment> {
  const maxMegabytes = Math.round(input.maxBytes / 1024 / 1024);
  if (input.content.length > input.maxBytes) throw tooLarge(maxMegabytes);
  if (input.content.length === 0) {
    throw invalidField('file', { zh: '文件为空', en: 'The file is empty' });
  }
  let fileName = cleanFileName(input.fileName);
  const contentType = await detectAttachmentType(input.content, fileName);
  if (!imageTypes.has(contentType)) {
    return {
      fileName,
      contentType,
      content: input.content,
      byteSize: input.content.length,
      sha256: sha256(input.content),
      isPhoto: false,
    };
  }
  let cleaned: Buffer;
  let outputType = contentType;
  try {
    // `rotate()` applies the EXIF orientation; sharp writes no metadata unless asked to (keepMetadata).
    const image = sharp(input.content, { failOn: 'error' }).rotate();
    if (contentType === 'image/png') cleaned = await image.png().toBuffer();
    else if (contentType === 'image/webp') cleaned = await image.webp({ quality: 90 }).toBuffer();
    else {
      cleaned = await image.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
      outputType = 'image/jpeg';
    }
  } catch {
    throw invalidField('file', {
      zh: '无法读取该图片（文件损坏，或为本系统无法处理的 HEIC 格式，请改用 JPEG 上传）',
      en: 'The picture cannot be read (damaged, or a HEIC variant this system cannot process; upload it as JPEG)',
    });
  }
  if (outputType !== contentType) fileName = `${fileName.replace(/\.[^.]*$/, '')}.jpg`;
  return {
    fileName,
    contentType: outputType,
    content: cleaned,
    byteSize: cleaned.length,
    sha256: sha256(cleaned),
    isPhoto: true,
  };
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** The current upload limit in bytes (setting `attachments.maxMegabytes`). */
export async function attachmentMaxBytes(tx: DbOrTx): Promise<number> {
  const [row] = await tx
    .select({ value: settingsTable.value })
    .from(settingsTable)
    .where(eq(settingsTable.key, 'attachments.maxMegabytes'));
  return resolveSetting('attachments.maxMegabytes', row?.value) * 1024 * 1024;
}

export type StoredAttachment = {
  id: number;
  ticketId: number;
  visitId: number | null;
  kind: AttachmentKind;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  uploadedBy: number | null;
  createdAt: Date;
};

/**
 * Stores a photo or file of a ticket (and optionally a visit) in the caller's transaction, with a
 * timeline entry. Pass `content` as uploaded (checked and cleaned here) or a `prepared` result of
 * `prepareAttachment` (to do the image work before opening the transaction). The caller checks that
 * the actor may see the ticket. `kind` defaults to 'photo' for pictures, 'file' otherwise; a
 * 'signature' must be a picture.
 */
export async function storeAttachment(
  tx: DbOrTx,
  input: {
    ticketId: number;
    visitId?: number | null;
    kind?: AttachmentKind;
    fileName?: string;
    content?: Buffer;
    prepared?: PreparedAttachment;
    uploadedBy: number | null;
    at: Date;
    note?: string | null;
  },
): Promise<StoredAttachment> {
  const prepared =
    input.prepared ??
    (await prepareAttachment({
      content: input.content ?? Buffer.alloc(0),
      fileName: input.fileName,
      maxBytes: await attachmentMaxBytes(tx),
    }));
  const kind: AttachmentKind = input.kind ?? (prepared.isPhoto ? 'photo' : 'file');
  if (kind === 'signature' && !prepared.isPhoto) {
    throw invalidField('file', { zh: '签名须为图片', en: 'A signature must be a picture' });
  }
  if (kind === 'photo' && !prepared.isPhoto) {
    throw new AppError(
      'VALIDATION',
      { zh: '照片须为图片文件', en: 'A photo must be a picture' },
      {
        fields: [{ field: 'file', message: 'A photo must be a picture' }],
      },
    );
  }
  const [row] = await tx
    .insert(attachments)
    .values({
      ticketId: input.ticketId,
      visitId: input.visitId ?? null,
      kind,
      fileName: prepared.fileName,
      contentType: prepared.contentType,
      byteSize: prepared.byteSize,
      sha256: prepared.sha256,
      content: prepared.content,
      uploadedBy: input.uploadedBy,
      createdAt: input.at,
    })
    .returning({
      id: attachments.id,
      ticketId: attachments.ticketId,
      visitId: attachments.visitId,
      kind: attachments.kind,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      byteSize: attachments.byteSize,
      sha256: attachments.sha256,
      uploadedBy: attachments.uploadedBy,
      createdAt: attachments.createdAt,
    });
  await writeTicketEvent(tx, {
    ticketId: input.ticketId,
    at: input.at,
    actorId: input.uploadedBy,
    kind: 'attachment',
    note: input.note ?? prepared.fileName,
    data: { attachmentId: row.id, kind, fileName: prepared.fileName, visitId: input.visitId ?? null },
  });
  return row;
}
