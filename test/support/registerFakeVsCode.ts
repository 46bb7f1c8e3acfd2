// Loaded by mocha before the plain-Node tests (.mocharc.json): `require('vscode')` gets the fake.
import Module from 'node:module';
import { fakeVsCode } from './fakeVsCode';

const moduleInternals = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = moduleInternals._load.bind(Module);
moduleInternals._load = (request, ...rest) => (request === 'vscode' ? fakeVsCode : load(request, ...rest));
