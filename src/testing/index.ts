export {
  createApp, createLightApp, createFunctionApp, createHttpRequest, getServerlessInstance, close,
  type TestAppOptions, type GlobalConfig, type InvokeOptions, type FunctionApp, type CloseOptions,
} from './app.js';
export { mockContext, mockHeader, mockSession, mockProperty, mockClassProperty, restoreAllMocks } from './mock.js';
