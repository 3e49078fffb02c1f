import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who leads a target over time. Exactly one open row (until_at null) per target. */
@Entity('target_ownership')
export class TargetOwnership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Column({ name: 'from_at', type: 'timestamptz', default: () => 'now()' })
  fromAt: Date;

  @Column({ name: 'until_at', type: 'timestamptz', nullable: true })
  untilAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'changed_by', type: 'text', nullable: true })
  changedBy: string | null;
}
