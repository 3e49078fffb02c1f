import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PeriodType } from '../periods/index.js';

/**
 * A target's identity: an indicator for a period (and optionally one area). Its values live in
 * TargetVersion rows and its owner in TargetOwnership rows, so nothing is ever overwritten.
 */
@Entity('target')
export class Target {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'indicator_id', type: 'uuid' })
  indicatorId: string;

  /** Null means the whole local authority (the home area). */
  @Column({ name: 'area_id', type: 'uuid', nullable: true })
  areaId: string | null;

  @Column({ name: 'period_type', type: 'text' })
  periodType: PeriodType;

  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
