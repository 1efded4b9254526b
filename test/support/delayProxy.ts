export { startDelayProxy, type DelayProxy } from '../../src/devstack/delayProxy';
