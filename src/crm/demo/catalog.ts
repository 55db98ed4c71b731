import type { DealKind, TaskTemplate } from './pipelines';
import type { Random } from './random';

/**
 * What the demo workshop sells: air-suspension parts and repairs for premium
 * cars, retail over Avito, wholesale to service stations, shipping to regions.
 */

/** A product with its retail price range in roubles. */
interface Product {
  name: string;
  /** The same product inside a sentence: «Гарантия: пневмобаллон …». */
  lower: string;
  min: number;
  max: number;
}

const PRODUCTS: readonly Product[] = [
  product('Пневмобаллон', 9_000, 45_000),
  product('Пневмобаллон передний', 12_000, 48_000),
  product('Пневмобаллон задний', 9_000, 38_000),
  product('Комплект пневмобаллонов', 30_000, 120_000),
  product('Компрессор пневмоподвески', 18_000, 85_000),
  product('Пневмостойка передняя', 25_000, 150_000),
  product('Ремонт пневмостойки', 6_000, 25_000),
  product('Восстановление пневмостойки', 12_000, 40_000),
  product('Клапанный блок', 12_000, 40_000),
  product('Ресивер пневмоподвески', 8_000, 20_000),
  product('Датчик уровня кузова', 5_000, 18_000),
  product('Диагностика пневмоподвески', 3_000, 6_000),
];

const CARS: readonly string[] = [
  'BMW X5 E53', 'BMW X5 E70', 'BMW X6 E71', 'BMW 7 F01', 'Audi A6 C6', 'Audi A6 C7', 'Audi A8 D3',
  'Audi Q7', 'Mercedes W221', 'Mercedes W220', 'Mercedes GL X164', 'Mercedes ML W164', 'Mercedes E W212',
  'Range Rover Sport', 'Range Rover L322', 'Land Rover Discovery 3', 'Porsche Cayenne 955',
  'Volkswagen Touareg 7L', 'Lexus LX 570', 'Lexus GX 460', 'Toyota Land Cruiser 200', 'Volvo XC90',
];

/** Wholesale goods as a deal name counts them, with the unit price range in roubles. */
const WHOLESALE_GOODS: readonly (readonly [string, number, number])[] = [
  ['пневмобаллонов', 8_000, 15_000],
  ['компрессоров пневмоподвески', 18_000, 35_000],
  ['пневмостоек', 22_000, 45_000],
  ['клапанных блоков', 9_000, 16_000],
  ['ресиверов', 5_000, 9_000],
];

const WHOLESALE_MIN = 100_000;
const WHOLESALE_MAX = 900_000;
/** Wholesale lots come in fives. */
const LOT_STEP = 5;

/** The service stations and shops that buy wholesale, as a deal name has them («для …»), with their company cards' ids. */
const WHOLESALE_CLIENTS: readonly (readonly [string, string])[] = [
  ['5001', 'СТО «Автопрофи»'], ['5002', 'СТО «Гараж 77»'], ['5003', 'техцентра «Север»'], ['5004', 'автосервиса «АвтоЛюкс»'],
  ['5005', 'магазина «ПневмоМаркет»'], ['5006', 'СТО «Подвеска-Про»'], ['5007', 'дилера «Премиум Моторс»'], ['5008', 'автосервиса «Немец»'],
];

const CITIES: readonly string[] = [
  'Екатеринбург', 'Казань', 'Новосибирск', 'Краснодар', 'Самара', 'Уфа', 'Тюмень', 'Воронеж', 'Сочи',
];

/** Tasks that belong to no deal: the chores of a sales office. */
export const OFFICE_TASKS: readonly TaskTemplate[] = [
  { type: 'Позвонить', text: 'Перезвонить поставщику по срокам поставки компрессоров' },
  { type: 'Написать', text: 'Сверить остатки пневмобаллонов на складе' },
  { type: 'Написать', text: 'Обновить объявления на Авито' },
  { type: 'Написать', text: 'Ответить на отзыв клиента на Авито' },
  { type: 'Встреча', text: 'Планёрка отдела продаж' },
  { type: 'Проверить оплату', text: 'Сверить оплаты за неделю с бухгалтерией' },
];

/** A deal's name and price, in the style of its pipeline. */
export interface DealHeader {
  name: string;
  price: number;
  /** The company that buys, for a wholesale lot; a private buyer has none. */
  companyId: string | null;
}

/** A name and a price in the style of the deal's pipeline: «Пневмобаллон BMW X5 E53», 25 400 ₽. */
export function dealHeader(kind: DealKind, rng: Random): DealHeader {
  if (kind === 'wholesale') return wholesaleDeal(rng);
  const item = rng.pick(PRODUCTS);
  const car = rng.pick(CARS);
  const price = roundTo(rng.float(item.min, item.max), 100);
  switch (kind) {
    case 'retail':
      return { name: `${item.name} ${car}`, price, companyId: null };
    case 'warming':
      return { name: `Повторно: ${item.lower} ${car}`, price, companyId: null };
    case 'warranty':
      // The customer pays only for labour under warranty.
      return { name: `Гарантия: ${item.lower} ${car}`, price: roundTo(rng.float(3_000, 20_000), 500), companyId: null };
    case 'regions':
      // Delivery by transport company is billed into the deal.
      return { name: `${item.name} ${car} — ${rng.pick(CITIES)}`, price: price + 1_500, companyId: null };
  }
}

function wholesaleDeal(rng: Random): DealHeader {
  const [goods, unitMin, unitMax] = rng.pick(WHOLESALE_GOODS);
  const unit = roundTo(rng.float(unitMin, unitMax), 100);
  // Squared so small lots are commoner; about half still reach 300 000.
  const target = WHOLESALE_MIN + (WHOLESALE_MAX - WHOLESALE_MIN) * rng.next() ** 2;
  const fewest = Math.ceil(WHOLESALE_MIN / unit / LOT_STEP) * LOT_STEP;
  const most = Math.floor(WHOLESALE_MAX / unit / LOT_STEP) * LOT_STEP;
  const count = Math.min(most, Math.max(fewest, roundTo(target / unit, LOT_STEP)));
  const [companyId, client] = rng.pick(WHOLESALE_CLIENTS);
  return { name: `Опт: ${count} ${goods} для ${client}`, price: count * unit, companyId };
}

function product(name: string, min: number, max: number): Product {
  return { name, lower: name.charAt(0).toLowerCase() + name.slice(1), min, max };
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}
