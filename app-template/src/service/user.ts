import { Config, Init, NotFoundError, Provide, Scope, ScopeEnum } from 'wick';

export interface User {
  id: number;
  name: string;
  age: number;
  email?: string;
  /** Object key of the uploaded avatar. */
  avatar?: string;
}

export type NewUser = Omit<User, 'id'>;

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`a user with email ${email} already exists`);
  }
}

/** In-memory user store: one per app, so it is a singleton. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UserService {
  @Config('users.seed')
  private seed: NewUser[] = [];

  private readonly users = new Map<number, User>();
  private nextId = 1;

  @Init()
  loadSeed() {
    for (const user of this.seed ?? []) this.create(user);
  }

  list(): User[] {
    return [...this.users.values()];
  }

  get(id: number): User {
    const user = this.users.get(id);
    if (!user) throw new NotFoundError(`user ${id} not found`);
    return user;
  }

  create(input: NewUser): User {
    if (input.email && this.list().some((user) => user.email === input.email)) throw new DuplicateEmailError(input.email);
    const user = { ...input, id: this.nextId++ };
    this.users.set(user.id, user);
    return user;
  }

  setAvatar(id: number, key: string): User {
    const user = this.get(id);
    user.avatar = key;
    return user;
  }

  remove(id: number): void {
    this.get(id);
    this.users.delete(id);
  }
}
