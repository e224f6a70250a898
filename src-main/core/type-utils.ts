/** Omit applied to each member of a union on its own (plain Omit would merge the members first and lose the tags). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
