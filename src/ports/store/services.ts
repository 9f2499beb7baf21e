// Services, scoped by account.
import type { Service } from '../../domain/service.ts';
import type { Page, PageRequest } from './common.ts';

export type ServicePatch = Partial<Omit<Service, 'sid' | 'accountSid' | 'dateCreated'>> & { readonly dateUpdated: Date };

export interface ServiceRepo {
  /** Throws StoreConflict('service-unique-name'). */
  createService(service: Service): Promise<void>;
  /** By sid or unique name, within the account. */
  findService(accountSid: string, sidOrUniqueName: string): Promise<Service | null>;
  listServices(accountSid: string, page: PageRequest): Promise<Page<Service>>;
  /** Throws StoreConflict('service-unique-name'). Returns the updated row, null if gone. */
  updateService(accountSid: string, sid: string, patch: ServicePatch): Promise<Service | null>;
  /** Deletes the service with its sessions, participants and interactions; its numbers leave the pool. */
  deleteService(accountSid: string, sid: string): Promise<boolean>;
}
