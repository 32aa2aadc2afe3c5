/** The users every peer serves: an in-memory store seeded with one user, as the app-template's UserService. */
export interface User {
  id: number;
  name: string;
  age: number;
  email?: string;
}

export type NewUser = Omit<User, 'id'>;

export class UserStore {
  private readonly users = new Map<number, User>();
  private nextId = 1;

  constructor() {
    this.create({ name: 'Ada Lovelace', age: 36, email: 'ada@example.com' });
  }

  /** The user, or undefined; each framework answers its own 404. */
  find(id: number): User | undefined {
    return this.users.get(id);
  }

  create(input: NewUser): User {
    const user = { ...input, id: this.nextId++ };
    this.users.set(user.id, user);
    return user;
  }
}
