import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createFixture, createTicket, expectOk } from './ticket-test-fixtures.js';

let t: TestApp;
let agent: ApiClient;
let ticketId: number;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.client('agent.bj');
  const fixture = await createFixture(t);
  ticketId = (await createTicket(agent, fixture)).id;
});
afterAll(() => t.close());

/** A phone photo: EXIF with camera make and a GPS position. */
async function photoWithLocation() {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Phone X1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 27/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 5/1',
      },
    })
    .toBuffer();
}

/** The GPSInfo pointer tag (0x8825) in a TIFF/EXIF block, either byte order. */
const hasGpsTag = (exif: Buffer) =>
  exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

const attachmentCount = async () => (await t.query<{ n: number }>('select count(*)::int as n from attachments'))[0].n;

const minimalPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('ticket attachments', () => {
  it('removes EXIF and location metadata from photos', async () => {
    const original = await photoWithLocation();
    const before = await sharp(original).metadata();
    expect(before.exif && hasGpsTag(before.exif)).toBe(true);
    expect(original.includes('TestCam')).toBe(true);

    const meta = expectOk(
      await agent.upload(`/api/tickets/${ticketId}/attachments`, 'IMG_0001.jpg', original, 'image/jpeg'),
    );
    expect(meta).toMatchObject({ ticketId, kind: 'photo', contentType: 'image/jpeg', fileName: 'IMG_0001.jpg' });
    const download = await agent.get(meta.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const stored = download.body as Buffer;
    expect(stored.includes('TestCam')).toBe(false);
    const after = await sharp(stored).metadata();
    expect(after.exif).toBeUndefined();
    expect(after).toMatchObject({ format: 'jpeg', width: 64, height: 48 });

    const list = expectOk(await agent.get(`/api/tickets/${ticketId}/attachments`));
    expect(list.items.map((item: { id: number }) => item.id)).toContain(meta.id);
    const detail = expectOk(await agent.get(`/api/tickets/${ticketId}`));
    expect(detail.attachments.map((item: { id: number }) => item.id)).toContain(meta.id);
    const timeline = expectOk(await agent.get(`/api/tickets/${ticketId}/timeline`));
    expect(timeline.items.at(-1)).toMatchObject({ kind: 'attachment', data: { attachmentId: meta.id } });
  });

  it('takes the type from the content, not from the name or the header', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#ff0000' } })
      .png()
      .toBuffer();
    const meta = expectOk(await agent.upload(`/api/tickets/${ticketId}/attachments`, 'photo.jpg', png, 'image/jpeg'));
    expect(meta.contentType).toBe('image/png');
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } })
      .webp()
      .toBuffer();
    expect(expectOk(await agent.upload(`/api/tickets/${ticketId}/attachments`, 'x.bin', webp)).contentType).toBe(
      'image/webp',
    );
  });

  it('stores documents unchanged: PDF and plain text', async () => {
    const pdf = expectOk(
      await agent.upload(
        `/api/tickets/${ticketId}/attachments`,
        '维修报告.pdf',
        minimalPdf,
        'application/octet-stream',
      ),
    );
    expect(pdf).toMatchObject({ kind: 'file', contentType: 'application/pdf', fileName: '维修报告.pdf' });
    const download = await agent.get(pdf.url);
    expect(Buffer.compare(download.body as Buffer, minimalPdf)).toBe(0);
    expect(download.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('维修报告.pdf')}`,
    );
    const text = expectOk(await agent.upload(`/api/tickets/${ticketId}/attachments`, 'log.txt', '错误代码 E42\n'));
    expect(text.contentType).toBe('text/plain');
  });

  it('refuses other types with 400 on field file, writing nothing', async () => {
    const count = await attachmentCount();
    const cases: [string, Buffer | string, string][] = [
      ['setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]), 'application/pdf'],
      ['archive.zip', Buffer.from('504b0304140000000800', 'hex'), 'application/zip'],
      ['page.png', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/png'],
      ['unknown.bin', Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]), 'application/octet-stream'],
      ['broken.jpg', Buffer.from('ffd8ffe000104a46494600', 'hex'), 'image/jpeg'],
      ['empty.txt', '', 'text/plain'],
    ];
    for (const [name, content, type] of cases) {
      const response = await agent.upload(`/api/tickets/${ticketId}/attachments`, name, content, type);
      expect(response.status, name).toBe(400);
      expect(response.body.error.fields[0].field, name).toBe('file');
    }
    const noFile = await agent.post(`/api/tickets/${ticketId}/attachments`, {});
    expect(noFile.status).toBe(400);
    expect(await attachmentCount()).toBe(count);
  });

  it('refuses a file above the size setting with 400', async () => {
    const admin = await t.client('admin');
    expectOk(await admin.put('/api/settings/attachments.maxMegabytes', { value: 1, version: 0 }));
    try {
      const count = await attachmentCount();
      const big = Buffer.concat([minimalPdf, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      const response = await agent.upload(`/api/tickets/${ticketId}/attachments`, 'big.pdf', big, 'application/pdf');
      expect(response.status).toBe(400);
      expect(response.body.error.fields[0].field).toBe('file');
      expect(response.body.error.message).toContain('1 MB');
      expect(await attachmentCount()).toBe(count);
    } finally {
      expectOk(await admin.put('/api/settings/attachments.maxMegabytes', { value: 10, version: 1 }));
    }
    // Larger than the plugin's default limit but within a raised setting: accepted.
    expectOk(await admin.put('/api/settings/attachments.maxMegabytes', { value: 12, version: 2 }));
    const eleven = Buffer.concat([minimalPdf, Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    expectOk(await agent.upload(`/api/tickets/${ticketId}/attachments`, 'eleven.pdf', eleven, 'application/pdf'));
  });

  it('keeps attachments within the station and lets engineers but not finance attach', async () => {
    const meta = expectOk(await agent.upload(`/api/tickets/${ticketId}/attachments`, 'a.txt', 'hello'));
    const agentSh = await t.client('agent.sh');
    expect((await agentSh.get(meta.url)).status).toBe(404);
    expect((await agentSh.get(`/api/tickets/${ticketId}/attachments`)).status).toBe(404);
    expect((await agentSh.upload(`/api/tickets/${ticketId}/attachments`, 'b.txt', 'x')).status).toBe(404);
    const engineer = await t.client('engineer.bj');
    expectOk(
      await engineer.upload(`/api/tickets/${ticketId}/attachments?kind=photo`, 'site.jpg', await photoWithLocation()),
    );
    const finance = await t.client('finance');
    expect((await finance.upload(`/api/tickets/${ticketId}/attachments`, 'c.txt', 'x')).status).toBe(403);
    expect((await finance.get(meta.url)).status).toBe(200);
  });
});
