import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../database/column-transformers.js';
import { BandKind } from './catalogue.types.js';

@Entity('target_version')
@Index(['targetId', 'version'], { unique: true })
export class TargetVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @Column({ type: 'int' })
  version: number;

  /** A single-value target; null when the target is a range. */
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer })
  value: number | null;

  /** An in-range target (no-polarity indicators): both ends inclusive. */
  @Column({ name: 'range_low', type: 'numeric', nullable: true, transformer: numericTransformer })
  rangeLow: number | null;

  @Column({ name: 'range_high', type: 'numeric', nullable: true, transformer: numericTransformer })
  rangeHigh: number | null;

  @Column({ name: 'tolerance_kind', type: 'text' })
  toleranceKind: BandKind;

  @Column({ name: 'tolerance_amount', type: 'numeric', transformer: numericTransformer })
  toleranceAmount: number;

  @Column({ name: 'exceptional_kind', type: 'text' })
  exceptionalKind: BandKind;

  @Column({ name: 'exceptional_amount', type: 'numeric', transformer: numericTransformer })
  exceptionalAmount: number;

  @Column({ name: 'agreed_by', type: 'text', default: '' })
  agreedBy: string;

  @Column({ name: 'agreed_on', type: 'date', nullable: true })
  agreedOn: string | null;

  /** Why the target changed; required for every version after the first. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
