import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AreaKind } from './catalogue.types.js';

@Entity('area')
export class Area {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** ONS GSS code where one exists (E10000019), otherwise a local code. */
  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: AreaKind;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode: string | null;

  /** The partnership's own local authority: the default area of every value. */
  @Column({ name: 'is_home', type: 'boolean', default: false })
  isHome: boolean;

  @Column({ name: 'is_statistical_neighbour', type: 'boolean', default: false })
  isStatisticalNeighbour: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
