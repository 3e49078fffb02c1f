import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('plan')
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  title: string;

  /** First financial year of the plan, e.g. 2016 for a 2016-19 plan. */
  @Column({ name: 'start_year', type: 'int' })
  startYear: number;

  /** Last financial year's start year, e.g. 2018 for a 2016-19 plan. */
  @Column({ name: 'end_year', type: 'int' })
  endYear: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
