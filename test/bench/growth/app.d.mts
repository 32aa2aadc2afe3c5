export function functionName(index: number): string;
export function routePath(index: number): string;
export function generateApp(functions: number, prefix?: string): string;
