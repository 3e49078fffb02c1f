import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../database/column-transformers.js';
import { Frequency, IndicatorPolarity, RollUp, Unit } from './catalogue.types.js';

@Entity('indicator')
export class Indicator {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  definition: string;

  @Column({ type: 'text' })
  unit: Unit;

  @Column({ name: 'decimal_places', type: 'int', default: 1 })
  decimalPlaces: number;

  @Column({ type: 'text' })
  polarity: IndicatorPolarity;

  @Column({ type: 'text' })
  frequency: Frequency;

  @Column({ name: 'roll_up', type: 'text' })
  rollUp: RollUp;

  /** Returns carry the year-to-date total rather than the period's own value. */
  @Column({ name: 'cumulative_ytd', type: 'boolean', default: false })
  cumulativeYtd: boolean;

  /** Reported for each district/locality as well as the whole authority. */
  @Column({ name: 'reported_by_area', type: 'boolean', default: false })
  reportedByArea: boolean;

  @Column({ name: 'priority_id', type: 'uuid' })
  priorityId: string;

  @Column({ name: 'data_source', type: 'text', default: '' })
  dataSource: string;

  @Column({ name: 'plausible_min', type: 'numeric', nullable: true, transformer: numericTransformer })
  plausibleMin: number | null;

  @Column({ name: 'plausible_max', type: 'numeric', nullable: true, transformer: numericTransformer })
  plausibleMax: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
