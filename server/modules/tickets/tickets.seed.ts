/**
 * Demo tickets for a new installation: about 40 requests across the stations in the states a
 * service desk sees every day, recorded through the tickets service itself (numbers, routing,
 * clocks and timeline as in real use) with its clock set to the moment of each step. On-site
 * tickets are left classified for dispatch; the dispatch demo takes them further.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { createRandom } from '../../db/demo-data.js';
import type { Actor } from '../../lib/access.js';
import type { Role } from '../../lib/roles.js';
import { users } from '../org/org.table.js';
import { createSettingsService } from '../org/settings.service.js';
import { createSlaClocksService } from '../sla/sla-clocks.service.js';
import type { TicketChannel, TicketType } from './tickets.contract.js';
import { createTicketsService } from './tickets.service.js';

type Plan = {
  type: TicketType;
  title: string;
  description: string;
  mode: 'remote' | 'on_site' | 'send_in' | 'parts_by_mail';
  level: 1 | 2 | 3 | 4;
};

const plans: Plan[] = [
  {
    type: 'repair',
    title: '控制柜无法启动',
    description: '上电后面板无显示，电源指示灯不亮',
    mode: 'on_site',
    level: 2,
  },
  {
    type: 'repair',
    title: '设备报警 E42 停机',
    description: '运行中报 E42 过流报警后停机，复位无效',
    mode: 'on_site',
    level: 1,
  },
  {
    type: 'consultation',
    title: '参数设置咨询',
    description: '询问变频器加减速时间的设置方法',
    mode: 'remote',
    level: 4,
  },
  { type: 'repair', title: '触摸屏偶发黑屏', description: '每天黑屏两三次，重启后恢复', mode: 'send_in', level: 3 },
  {
    type: 'parts_by_mail',
    title: '邮寄滤芯两只',
    description: '客户自行更换，需邮寄原厂滤芯',
    mode: 'parts_by_mail',
    level: 4,
  },
  {
    type: 'installation',
    title: '新设备安装调试',
    description: '新购设备已到货，预约安装调试',
    mode: 'on_site',
    level: 3,
  },
  {
    type: 'training',
    title: '操作人员培训',
    description: '新入职操作员 5 人，申请现场培训',
    mode: 'on_site',
    level: 4,
  },
  { type: 'maintenance', title: '年度保养', description: '按维保合同进行年度巡检保养', mode: 'on_site', level: 4 },
  {
    type: 'complaint',
    title: '投诉：上次维修后故障复发',
    description: '维修后一周内同一故障再次出现',
    mode: 'on_site',
    level: 2,
  },
  { type: 'repair', title: '数据采集中断', description: '上位机无法读取设备数据，网络正常', mode: 'remote', level: 2 },
  {
    type: 'information',
    title: '索取产品说明书',
    description: '需要电子版使用说明书和接线图',
    mode: 'remote',
    level: 4,
  },
  {
    type: 'return_exchange',
    title: '到货外壳破损申请换货',
    description: '开箱发现外壳破损，已拍照',
    mode: 'send_in',
    level: 3,
  },
];

const channels: TicketChannel[] = ['phone', 'phone', 'phone', 'wechat', 'email', 'walk_in', 'dealer', 'web'];

/** Where each demo ticket ends up; the rest of the steps follow from its mode. */
const outcomes = [
  'received',
  'classified',
  'in_progress',
  'waiting_customer',
  'waiting_parts',
  'resolved',
  'closed',
  'closed',
  'cancelled',
  'reopened',
] as const;

export async function seedDemoTickets(
  db: Db,
  options: { count?: number; now?: Date; seed?: number; log?: (message: string) => void } = {},
): Promise<number> {
  const count = options.count ?? 40;
  const random = createRandom(options.seed ?? 2_026_003);
  const end = options.now ?? new Date();
  let current = end;
  const clock = { now: () => current };
  const settings = createSettingsService({ db });
  const slaClocks = createSlaClocksService({ db, clock, settings });
  const service = createTicketsService({ db, clock, settings, slaClocks });

  const staff = await db
    .select()
    .from(users)
    .where(inArray(users.username, ['agent.bj', 'agent.sh', 'agent.gz']));
  const actors: Actor[] = staff.map((user) => ({
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as Role[],
    stationId: user.stationId,
    departmentId: user.departmentId,
    mustChangePassword: false,
  }));
  const units = await db.execute<{ equipment_id: number; customer_id: number; station_id: number }>(sql`
    select distinct on (e.customer_id) e.id as equipment_id, e.customer_id, e.station_id
    from equipment e join customers c on c.id = e.customer_id
    where e.is_active and c.is_active
    order by e.customer_id, e.id
    limit 600`);
  if (actors.length === 0 || units.rows.length === 0) return 0;

  const created: number[] = [];
  for (let index = 0; index < count; index++) {
    const actor = actors[index % actors.length];
    const candidates = units.rows.filter((unit) => unit.station_id === actor.stationId);
    if (candidates.length === 0) continue;
    const unit = random.pick(candidates);
    const plan = plans[index % plans.length];
    const outcome = outcomes[index % outcomes.length];
    // Received within the last three weeks, between 08:30 and 16:30 Beijing time.
    const day = new Date(end.getTime() - random.int(0, 20) * 86_400_000);
    day.setUTCHours(0, 30 + random.int(0, 480), 0, 0);
    const receivedAt = day.getTime() > end.getTime() - 3_600_000 ? new Date(end.getTime() - 3_600_000) : day;
    let at = receivedAt.getTime() + random.int(1, 10) * 60_000;
    const step = (minutes: number) => {
      at += minutes * 60_000;
      current = new Date(Math.min(at, end.getTime()));
    };
    step(0);
    const ticket = await service.createTicket(actor, {
      channel: random.pick(channels),
      type: plan.type,
      classification: plan.type === 'complaint' || random.chance(0.1) ? 'quality' : 'technical',
      customerId: unit.customer_id,
      equipmentId: unit.equipment_id,
      title: plan.title,
      description: plan.description,
      faultLevel: plan.level,
      region: random.chance(0.7) ? 'urban' : 'suburban',
      receivedAt,
    });
    created.push(ticket.id);
    let version = ticket.version;
    const detail = async () => {
      const row = await service.getTicket(actor, ticket.id);
      version = row.version;
      return row;
    };
    if (outcome === 'received') continue;
    step(random.int(5, 40));
    await service.respond(actor, ticket.id, {
      method: 'phone',
      note: '已电话联系客户，确认故障现象',
      expectedVersion: version,
    });
    await detail();
    step(random.int(5, 60));
    const classified = await service.classify(actor, ticket.id, {
      classification: plan.type === 'complaint' ? 'quality' : 'technical',
      type: plan.type,
      faultLevel: plan.level,
      serviceMode: plan.mode,
      region: 'urban',
      note: null,
      expectedVersion: version,
    });
    version = classified.version;
    if (outcome === 'classified' || plan.mode === 'on_site') continue;
    if (outcome === 'cancelled') {
      step(30);
      await service.cancel(actor, ticket.id, { reason: '客户来电告知问题已自行解决', expectedVersion: version });
      continue;
    }
    const move = async (to: Parameters<typeof service.transition>[2]['to'], note: string | null, minutes: number) => {
      step(minutes);
      const row = await service.transition(actor, ticket.id, { to, note, reason: null, expectedVersion: version });
      version = row.version;
    };
    await move('in_progress', plan.mode === 'send_in' ? '已收到客户送修件' : '远程指导处理中', random.int(10, 90));
    if (outcome === 'in_progress') continue;
    if (outcome === 'waiting_customer') {
      await move('waiting_customer', '等待客户提供故障照片', 30);
      continue;
    }
    if (outcome === 'waiting_parts') {
      await move('waiting_parts', '所需配件缺货，已申请调拨', 45);
      continue;
    }
    await move('resolved', '故障已排除，客户确认恢复正常', random.int(60, 600));
    if (outcome === 'resolved') continue;
    if (plan.mode === 'send_in') await move('customer_accepted', '客户取回送修件并签收', 120);
    await move('closed', '回访确认，关闭工单', random.int(60, 240));
    if (outcome === 'reopened') {
      step(24 * 60);
      const row = await service.reopen(actor, ticket.id, { reason: '客户反映故障复发', expectedVersion: version });
      version = row.version;
    }
  }
  // These requests are history: their customer messages are not sent now.
  if (created.length > 0) {
    await db.execute(sql`
      update outbox_messages set status = 'sent', sent_at = now()
      where status = 'pending' and (payload->>'ticketId')::int = any(${sql.param(created)}::int[])`);
  }
  options.log?.(`${created.length} demo tickets`);
  return created.length;
}
