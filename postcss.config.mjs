// Tailwind CSS v4 runs as a PostCSS plugin; it finds the classes in use by itself.
const config = {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};

export default config;
