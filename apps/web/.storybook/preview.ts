import type { Preview } from '@storybook/svelte';
import '../src/app.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: false },
  },
};

export default preview;
