// The name of the runtime.Port views subscribe on. Its own module, free of zod, so the popup and panel
// bundles (which only need types from ./messages) never pull the schema library in.
export const PORT_NAME = "sidetext";
