import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { GroupKind } from './catalogue.types.js';

// "group" is an SQL keyword, hence the table name.
@Entity('partnership_group')
export class Group {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: GroupKind;

  /** The body this group reports to; null only at the top (the HWB). */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** Returns are due this many working days after a period ends. */
  @Column({ name: 'returns_due_working_days', type: 'int', default: 10 })
  returnsDueWorkingDays: number;

  /** A second person of the group must sign off each return before it counts (issue 14). */
  @Column({ name: 'requires_sign_off', type: 'boolean', default: false })
  requiresSignOff: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
