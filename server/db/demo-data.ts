/**
 * Deterministic generators of realistic Chinese master data, shared by the demo seed, the tests'
 * factories and the benchmark's data generator. A seeded PRNG makes every run produce the same data.
 */

export type Random = {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: small, fast, good enough for test data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const givenChars =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强志明海燕玉兰凤英春梅晓东晓明红梅丹丹宇浩子涵梓轩欣怡雨萱思远俊杰佳琪文博一鸣嘉怡天佑晨阳诗琪家豪鹏飞'.split(
    '',
  );

export function personName(random: Random): string {
  const given = random.chance(0.35) ? random.pick(givenChars) : random.pick(givenChars) + random.pick(givenChars);
  // Common surnames (王李张刘陈…) as often as in real life: half of all people.
  const surname = random.chance(0.5) ? random.pick(surnames.slice(0, 10)) : random.pick(surnames);
  return surname + given;
}

export const places = [
  {
    province: '北京市',
    city: '北京市',
    districts: ['朝阳区', '海淀区', '丰台区', '通州区', '大兴区', '昌平区'],
    region: '华北',
    station: 'BJ',
    areaCode: '010',
  },
  {
    province: '河北省',
    city: '石家庄市',
    districts: ['长安区', '桥西区', '裕华区'],
    region: '华北',
    station: 'BJ',
    areaCode: '0311',
  },
  {
    province: '天津市',
    city: '天津市',
    districts: ['和平区', '河西区', '滨海新区'],
    region: '华北',
    station: 'BJ',
    areaCode: '022',
  },
  {
    province: '上海市',
    city: '上海市',
    districts: ['浦东新区', '闵行区', '徐汇区', '嘉定区', '松江区'],
    region: '华东',
    station: 'SH',
    areaCode: '021',
  },
  {
    province: '江苏省',
    city: '苏州市',
    districts: ['工业园区', '吴中区', '相城区'],
    region: '华东',
    station: 'SH',
    areaCode: '0512',
  },
  {
    province: '浙江省',
    city: '杭州市',
    districts: ['西湖区', '滨江区', '余杭区', '萧山区'],
    region: '华东',
    station: 'SH',
    areaCode: '0571',
  },
  {
    province: '广东省',
    city: '广州市',
    districts: ['天河区', '番禺区', '黄埔区', '白云区'],
    region: '华南',
    station: 'GZ',
    areaCode: '020',
  },
  {
    province: '广东省',
    city: '深圳市',
    districts: ['南山区', '宝安区', '龙岗区', '福田区'],
    region: '华南',
    station: 'GZ',
    areaCode: '0755',
  },
  {
    province: '广东省',
    city: '东莞市',
    districts: ['松山湖', '长安镇', '虎门镇'],
    region: '华南',
    station: 'GZ',
    areaCode: '0769',
  },
] as const;

const roads = [
  '人民路',
  '建设路',
  '解放大道',
  '中山路',
  '科技园路',
  '工业大道',
  '创新路',
  '长江路',
  '黄河路',
  '学院路',
  '开发区大道',
  '滨江路',
];
const companyPrefixes = [
  '华能',
  '中科',
  '恒泰',
  '鑫达',
  '宏远',
  '金石',
  '瑞丰',
  '同创',
  '东方',
  '蓝天',
  '新元',
  '博远',
  '天诚',
  '联合',
  '远大',
  '顺发',
  '汇通',
  '正泰',
  '永盛',
  '国信',
];
const companyTrades = [
  '机械制造',
  '电气自动化',
  '精密仪器',
  '物流',
  '食品',
  '医疗器械',
  '纺织',
  '化工',
  '钢铁',
  '电子科技',
  '水务',
  '热电',
  '汽车零部件',
  '包装材料',
  '康复理疗',
];
const companyForms = ['有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];
const titles = ['设备科长', '采购经理', '厂长', '技术主管', '总工程师', '办公室主任', '维修班长', '信息部经理'];

export function mobile(random: Random): string {
  const prefixes = [
    '130',
    '131',
    '132',
    '133',
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '152',
    '155',
    '158',
    '159',
    '166',
    '176',
    '177',
    '180',
    '181',
    '186',
    '187',
    '188',
    '189',
    '199',
  ];
  return random.pick(prefixes) + String(random.int(0, 99_999_999)).padStart(8, '0');
}

export type DemoCustomer = {
  kind: 'person' | 'organisation';
  name: string;
  phone: string;
  email: string | null;
  province: string;
  city: string;
  district: string;
  addressDetail: string;
  region: string;
  level: 'key' | 'regular';
  stationCode: string;
  contacts: { name: string; title: string | null; mobile: string; isPrimary: boolean }[];
};

export function demoCustomer(random: Random, index: number): DemoCustomer {
  const place = random.pick(places);
  const isOrganisation = random.chance(0.7);
  const contactName = personName(random);
  const name = isOrganisation
    ? `${place.city.replace(/市$/, '')}${random.pick(companyPrefixes)}${random.pick(companyTrades)}${random.pick(companyForms)}`
    : contactName;
  const landline = `${place.areaCode}-${random.int(2, 8)}${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
  const personalMobile = mobile(random);
  return {
    kind: isOrganisation ? 'organisation' : 'person',
    name: isOrganisation && index > 0 ? name : name,
    phone: isOrganisation ? landline : personalMobile,
    email: isOrganisation && random.chance(0.5) ? `service${index}@example.cn` : null,
    province: place.province,
    city: place.city,
    district: random.pick(place.districts),
    addressDetail: `${random.pick(roads)}${random.int(1, 999)}号${isOrganisation ? '' : `${random.int(1, 30)}栋${random.int(101, 2602)}室`}`,
    region: place.region,
    level: isOrganisation && random.chance(0.25) ? 'key' : 'regular',
    stationCode: place.station,
    contacts: isOrganisation
      ? [
          { name: contactName, title: random.pick(titles), mobile: personalMobile, isPrimary: true },
          ...(random.chance(0.4)
            ? [{ name: personName(random), title: random.pick(titles), mobile: mobile(random), isPrimary: false }]
            : []),
        ]
      : [],
  };
}

export const demoProductModels = [
  {
    code: 'HW-PLC-200',
    name: 'PLC 控制柜 200 型',
    category: 'hardware',
    productLine: '电气自动化',
    warrantyMonths: 36,
  },
  { code: 'HW-VFD-75', name: '变频调速装置 75kW', category: 'hardware', productLine: '电气自动化', warrantyMonths: 24 },
  {
    code: 'HW-CNC-850',
    name: '立式加工中心 VMC850',
    category: 'hardware',
    productLine: '机械设备',
    warrantyMonths: 12,
  },
  { code: 'HW-PT-3', name: '中频理疗仪 PT-3', category: 'hardware', productLine: '康复理疗', warrantyMonths: 36 },
  { code: 'SW-SCADA-5', name: 'SCADA 监控软件 V5', category: 'software', productLine: '工业软件', warrantyMonths: 12 },
  { code: 'SW-MES-2', name: 'MES 制造执行系统 2.0', category: 'software', productLine: '工业软件', warrantyMonths: 24 },
  { code: 'DT-GIS-1', name: '管网 GIS 数据工程', category: 'data', productLine: '数据工程', warrantyMonths: 12 },
  { code: 'DT-BIM-1', name: 'BIM 建模数据服务', category: 'data', productLine: '数据工程', warrantyMonths: 6 },
  {
    code: 'SI-DCS-1',
    name: '热电厂 DCS 系统集成',
    category: 'integration',
    productLine: '系统集成',
    warrantyMonths: 36,
  },
  { code: 'SI-WW-2', name: '污水处理厂自控集成', category: 'integration', productLine: '系统集成', warrantyMonths: 24 },
] as const;

export type DemoEquipment = {
  serialNo: string;
  modelIndex: number;
  projectNo: string | null;
  purchaseDate: string;
  invoiceNo: string | null;
  deliveryDate: string;
  acceptanceDate: string | null;
  commissioningDate: string | null;
  location: string;
};

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const shift = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
const locations = [
  '一号车间',
  '二号车间',
  '配电室',
  '中控室',
  '泵房',
  '理疗科',
  '生产线 A',
  '生产线 B',
  '机房',
  '仓库',
];

/** Equipment bought between ~5 years and ~1 month before `today`: some in, some out of warranty. */
export function demoEquipment(random: Random, index: number, today: Date): DemoEquipment {
  const modelIndex = random.int(0, demoProductModels.length - 1);
  const purchase = shift(today, -random.int(30, 5 * 365));
  const delivery = shift(purchase, random.int(3, 30));
  const accepted = random.chance(0.92) ? shift(delivery, random.int(5, 60)) : null;
  const year = purchase.getUTCFullYear();
  return {
    serialNo: `${demoProductModels[modelIndex].code.split('-')[1]}${year}${String(index + 1).padStart(6, '0')}`,
    modelIndex,
    projectNo: random.chance(0.7) ? `AB${year}${String(random.int(1, 999)).padStart(3, '0')}` : null,
    purchaseDate: isoDay(purchase),
    invoiceNo: random.chance(0.8) ? String(random.int(10_000_000, 99_999_999)) : null,
    deliveryDate: isoDay(delivery),
    acceptanceDate: accepted && accepted < today ? isoDay(accepted) : null,
    commissioningDate:
      accepted && accepted < today && random.chance(0.8) ? isoDay(shift(accepted, random.int(0, 20))) : null,
    location: random.pick(locations),
  };
}

export const demoStations = [
  {
    code: 'BJ',
    name: '北京售后站',
    type: 'station',
    region: '华北',
    address: '北京市朝阳区酒仙桥路 10 号',
    phone: '010-64321000',
  },
  {
    code: 'SH',
    name: '上海服务中心',
    type: 'service_center',
    region: '华东',
    address: '上海市闵行区莘庄工业区春东路 88 号',
    phone: '021-54321000',
  },
  {
    code: 'GZ',
    name: '广州分公司',
    type: 'branch',
    region: '华南',
    address: '广州市黄埔区科学大道 182 号',
    phone: '020-32321000',
  },
] as const;

/** ORG-2 departments with their pinyin document codes. */
export const demoDepartments = [
  { code: 'YX', name: '营销中心' },
  { code: 'SC', name: '生产部' },
  { code: 'SJ', name: '数据工程部' },
  { code: 'HY', name: '行业应用部' },
  { code: 'YF', name: '研发部' },
  { code: 'ZL', name: '质量部' },
  { code: 'SH', name: '售后服务部' },
  { code: 'CW', name: '财务部' },
] as const;

export const DEMO_PASSWORD = 'Demo2026';

/** One user per role at least; the README lists these logins. */
export const demoUsers = [
  {
    username: 'admin',
    displayName: '系统管理员',
    roles: ['admin'],
    station: 'BJ',
    department: 'SH',
    phone: '13800000001',
  },
  {
    username: 'exec',
    displayName: '赵总经理',
    roles: ['executive'],
    station: 'BJ',
    department: 'YX',
    phone: '13800000002',
  },
  {
    username: 'manager.bj',
    displayName: '钱站长',
    roles: ['station_manager'],
    station: 'BJ',
    department: 'SH',
    phone: '13800000003',
  },
  {
    username: 'agent.bj',
    displayName: '孙客服',
    roles: ['agent'],
    station: 'BJ',
    department: 'SH',
    phone: '13800000004',
  },
  {
    username: 'engineer.bj',
    displayName: '李工',
    roles: ['engineer'],
    station: 'BJ',
    department: 'SH',
    phone: '13800000005',
    skills: ['hardware', 'integration'],
    specialty: 'repair',
  },
  {
    username: 'parts.bj',
    displayName: '周配件',
    roles: ['parts_keeper'],
    station: 'BJ',
    department: 'SH',
    phone: '13800000006',
  },
  {
    username: 'quality',
    displayName: '吴质量',
    roles: ['quality'],
    station: 'BJ',
    department: 'ZL',
    phone: '13800000007',
  },
  {
    username: 'finance',
    displayName: '郑会计',
    roles: ['finance'],
    station: 'BJ',
    department: 'CW',
    phone: '13800000008',
  },
  {
    username: 'manager.sh',
    displayName: '王站长',
    roles: ['station_manager'],
    station: 'SH',
    department: 'SH',
    phone: '13800000009',
  },
  {
    username: 'agent.sh',
    displayName: '冯客服',
    roles: ['agent'],
    station: 'SH',
    department: 'SH',
    phone: '13800000010',
  },
  {
    username: 'engineer.sh',
    displayName: '陈工',
    roles: ['engineer'],
    station: 'SH',
    department: 'SH',
    phone: '13800000011',
    skills: ['software', 'data'],
    specialty: 'technical_support',
  },
  {
    username: 'engineer2.bj',
    displayName: '褚工',
    roles: ['engineer'],
    station: 'BJ',
    department: 'SC',
    phone: '13800000012',
    skills: ['hardware'],
    specialty: 'installation',
  },
  {
    username: 'manager.gz',
    displayName: '卫站长',
    roles: ['station_manager'],
    station: 'GZ',
    department: 'SH',
    phone: '13800000013',
  },
  {
    username: 'agent.gz',
    displayName: '蒋客服',
    roles: ['agent'],
    station: 'GZ',
    department: 'SH',
    phone: '13800000014',
  },
] as const;
