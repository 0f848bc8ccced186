// bundling added with the handler
